export * from './training-data.js';
export * from './evaluate.js';
export { init, wasmModule, type ModelsExports } from './wasm.js';
export * from './linear/index.js';
export * from './gp/index.js';
export * from './dynamics/index.js';
export * from './mtp/index.js';
export * from './webgpu/index.js';
export * from './etn/index.js';
