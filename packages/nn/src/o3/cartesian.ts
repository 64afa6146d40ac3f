// A Cartesian vector as an l = 1 irrep of this package's basis, where Y_1 ∝ (y, z, x):
// the components of a "1o" feature are (v_y, v_z, v_x). e3nn's components of a vector are
// (x, y, z) of its own axes, which toE3nnAxes maps to the same numbers.

/** (x, y, z) rows → (y, z, x) rows. New array. */
export function cartesianToL1(xyz: ArrayLike<number>): Float64Array {
  if (xyz.length % 3 !== 0) throw new RangeError(`cartesianToL1: expected rows of 3 values, got ${xyz.length} values`);
  const out = new Float64Array(xyz.length);
  for (let k = 0; k < xyz.length; k += 3) {
    out[k] = xyz[k + 1];
    out[k + 1] = xyz[k + 2];
    out[k + 2] = xyz[k];
  }
  return out;
}

/** (y, z, x) rows → (x, y, z) rows. New array. */
export function l1ToCartesian(yzx: ArrayLike<number>): Float64Array {
  if (yzx.length % 3 !== 0) throw new RangeError(`l1ToCartesian: expected rows of 3 values, got ${yzx.length} values`);
  const out = new Float64Array(yzx.length);
  for (let k = 0; k < yzx.length; k += 3) {
    out[k] = yzx[k + 2];
    out[k + 1] = yzx[k];
    out[k + 2] = yzx[k + 1];
  }
  return out;
}
