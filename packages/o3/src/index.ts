export { init, wasmModule } from './wasm.js';
export {
  SphericalHarmonics,
  sphericalHarmonics,
  MAX_L,
  type ArrayFor,
  type HarmonicsResult,
  type Precision,
  type SphericalHarmonicsOptions,
} from './sh/spherical-harmonics.js';
