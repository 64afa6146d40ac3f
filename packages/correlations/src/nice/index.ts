// Public exports of src/nice: NICE / ACDC density correlations.
export { DensityCorrelations, type FitOptions } from './density-correlations.js';
export type { CompressionOptions, DensityCorrelationsOptions } from './options.js';
export type { ChannelJSON, DensityCorrelationsJSON } from './serialise.js';
export { NiceMap } from './nice-map.js';
export type { Channel, NicePlan } from './plan.js';
