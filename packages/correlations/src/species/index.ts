// Public exports of src/species (its owner adds them here).
export {};
