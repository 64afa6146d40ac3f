export { ParseError } from './parse-error.js';
export { readExtxyz } from './extxyz-read.js';
export { writeExtxyz } from './extxyz-write.js';
export { KBAR_IN_EV_PER_A3, mlearnVirialToStress, readMlearnRecords, type MlearnReadOptions, type MlearnShearOrder } from './mlearn.js';
export { loadNpz, loadTensorMap, saveNpz, saveTensorMap } from './archive/mts.js';
export { decodeNpy, encodeNpy, type NpyArray } from './archive/npy.js';
export { readZip, writeZip, type ZipEntry } from './archive/zip.js';
