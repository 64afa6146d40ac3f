export { init, wasmModule } from './wasm.js';
export * from './autodiff/index.js';
