export { init, wasmModule } from './wasm.js';
export { neighborList, NeighborSearch, DEFAULT_MAX_PAIRS, type NeighborList, type NeighborListOptions } from './neighbor-list.js';
export type { StructureLike } from './input.js';
export { VerletNeighborList, type VerletNeighborListOptions } from './verlet.js';
export * from './webgpu/index.js';
