// Public exports of src/etn: equivariant tensor network potentials (Hodapp & Shapeev 2024).
export { EquivariantTensorNetworkPotential, resolveShape, type EtnFitOptions, type EtnHypers, type EtnJSON } from './potential.js';
export { EtnArchitecture, type EtnShape, type EtnParameters } from './architecture.js';
export { EquivariantCore, type CorePath } from './core.js';
export { IrrepLayout } from './layout.js';
export type { EtnRadial, EtnBlock } from './evaluator.js';
