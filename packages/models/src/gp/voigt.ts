// ∂E/∂ε (3×3, r → r + r·ε) to ASE's stress: σ = (1/V) ∂E/∂ε in Voigt order xx yy zz yz xz xy.
// Off-diagonal entries average the two triangles: for an invariant energy they agree.

/** out[o + v] = scale · Voigt_v(strain[offset..]) for v < 6; `stride` between the 9 entries. */
export function strainToVoigt(strain: Float64Array, offset: number, stride: number, scale: number, out: Float64Array, o: number, outStride: number): void {
  const at = (a: number, b: number) => strain[offset + (3 * a + b) * stride];
  out[o] = scale * at(0, 0);
  out[o + outStride] = scale * at(1, 1);
  out[o + 2 * outStride] = scale * at(2, 2);
  out[o + 3 * outStride] = 0.5 * scale * (at(1, 2) + at(2, 1));
  out[o + 4 * outStride] = 0.5 * scale * (at(0, 2) + at(2, 0));
  out[o + 5 * outStride] = 0.5 * scale * (at(0, 1) + at(1, 0));
}
