// Public exports of src/equivariant: λ-SOAP (the equivariant power spectrum).
export { EquivariantPowerSpectrum, type EquivariantPowerSpectrumOptions } from './equivariant-power-spectrum.js';
export { LambdaSoapMap, type LambdaSoapBlock, type LambdaSoapShape } from './lambda-soap-map.js';
