// Public exports of src/nice (its owner adds them here).
export {};
