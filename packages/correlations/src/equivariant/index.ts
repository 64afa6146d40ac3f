// Public exports of src/equivariant (its owner adds them here).
export {};
