export { init, wasmModule } from './wasm.js';
