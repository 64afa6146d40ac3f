export { denseKernels, SOLVER_BACKENDS, type DenseKernels } from './kernels.js';
export { NormalEquations } from './normal-equations.js';
export { RidgeSolver, searchRegularization, COUNT_JITTER, type ColumnRoles, type RegularizationSearch } from './ridge.js';
