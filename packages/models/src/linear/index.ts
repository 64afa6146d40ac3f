// Public exports of src/linear (its owner adds them here).
export {};
