// Public exports of src/dynamics (its owner adds them here).
export {};
