// Public exports of src/species: linear species compression (pseudo-species channels).
export { DENSE_TANGENT } from '../centre-map.js';
export { randomSpeciesColumn, SpeciesCompression, type SpeciesCompressionOptions } from './compression.js';
export { SpeciesMixingMap } from './mixing-map.js';
