export { init, wasmModule } from './wasm.js';
export * from './autodiff/index.js';
export { maskWhere } from './autodiff/elementwise.js';
export { Module } from './nn/module.js';
export { IrrepsArray, termOffsets } from './o3/irreps-array.js';
export { wigner3jReal } from './o3/wigner3j.js';
export {
  TensorProduct, FullyConnectedTensorProduct, ElementwiseTensorProduct, TENSOR_PRODUCT_MODES,
  type Instruction, type InstructionLike, type ResolvedInstruction, type TensorProductMode, type TensorProductOptions,
  type IrrepNormalization, type PathNormalization,
} from './o3/tensor-product.js';
export { Linear, type LinearOptions, type LinearInstruction } from './o3/linear.js';
export { Gate } from './o3/gate.js';
export { activate, activationParity, normalize2momConstant, ACTIVATIONS, type ActivationName } from './o3/activation.js';
export { sphericalHarmonics, type SphericalHarmonicsOptions } from './o3/spherical-harmonics.js';
export { BesselBasis, PolynomialCutoff, RadialEmbedding, edgeLengths } from './radial/radial.js';
export { RadialMLP } from './radial/mlp.js';
export { buildGraph, mergeGraphs, edgeVectors, deformedEdgeVectors, type AtomGraph, type AtomsLike } from './models/graph.js';
export { InteractionBlock, type EdgeEmbedding, type InteractionOptions } from './models/interaction.js';
export { EquivariantPotential, type PotentialConfig, type Prediction } from './models/potential.js';
export { Adam, type AdamOptions } from './train/adam.js';
export { initializeShiftScale, type ShiftScaleOptions } from './train/statistics.js';
export { energyForceErrors, type EnergyForceErrors } from './train/metrics.js';
export { fitEnergyForces, fitProperty, energyForceLoss, type EnergyForceData, type FitOptions } from './train/fit.js';
export { cartesianToL1, l1ToCartesian } from './o3/cartesian.js';
export { weightsToJson, loadWeights, saveModel, loadModel, WEIGHTS_FORMAT, WEIGHTS_VERSION, type WeightsJson } from './io/weights.js';
