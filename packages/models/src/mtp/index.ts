// Public exports of src/mtp: moment tensor potentials, MLIP .mtp interop, basis generation.
export { MomentTensorPotential, type MtpJSON, type MtpReadOptions } from './potential.js';
export type { MtpFitOptions, MtpFitStage, MtpWeights } from './fit.js';
export { parseMtp, formatMtp, formatReal, type MtpFile, type MtpLayout } from './mtp-file.js';
export { generateMtpBasis, momentLevel, MTP_MIN_LEVEL, MTP_MAX_LEVEL, type MtpBasisTables } from './basis-generator.js';
export { chebyshevRadial } from './radial-basis.js';
