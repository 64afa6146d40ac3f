export { init, wasmModule, type CorrelationsExports } from './module.js';
