export { Labels, type LabelsSelection } from './labels.js';
export { TensorBlock } from './block.js';
export { TensorMap, type BlockSelection, type MergeOptions } from './map.js';
