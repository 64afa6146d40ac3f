// Public exports of src/gp (its owner adds them here).
export {};
