export { Tensor, isRecording, noGrad, withRecording, result, type VectorJacobianProduct } from './tensor.js';
export { add, sub, mul, div, scale, neg, addScalar, square, powInt, sqrt, sin, cos, exp, sigmoid, tanh, silu } from './elementwise.js';
export { sum, mean, expandScalar, reshape, sumCols, repeatCols, sumRows, repeatRows, sliceCols, padCols, concatCols, gatherRows, scatterAddRows } from './shape-ops.js';
export { matmul, matmulTranspose, transpose } from './linalg.js';
export { grad, type GradOptions } from './grad.js';
export { MultilinearForm, contract, SLOT_NAMES, type Slot } from './multilinear.js';
