export { init, type CorrelationsExports } from './module.js';
