// Spherical-harmonics edge embedding as an autodiff operation: Y(r/|r|) of edge vectors with
// e3nn's normalisations ('component' by default, as e3nn's SphericalHarmonics in NequIP/MACE),
// from @equikit/o3. Derivatives are o3's exact gradients and Hessians:
//   Y(r)                    VJP → shVjp(g, r)  = Σ_k g_k ∂Y_k/∂r
//   shVjp(g, r)             VJP → in g: shJvp(h, r) = Σ_a h_a ∂Y/∂r_a;  in r: Σ_k g_k h_a ∂²Y_k/∂r_a∂r_b
//   shJvp(h, r)             VJP → in h: shVjp(g, r);                     in r: the same Hessian contraction
// so energies, forces, force-loss gradients with respect to weights, and Hessians of the energy
// are all available; a third derivative in r throws.
import { assertOneOf, type BackendName } from '@equikit/core';
import { e3nnNormalizationFactor, Irreps, SphericalHarmonics, type E3nnNormalization } from '@equikit/o3';
import { result, Tensor } from '../autodiff/tensor.js';
import { IrrepsArray } from './irreps-array.js';

interface Derivatives {
  lMax: number;
  K: number;
  /** Per-harmonic normalisation factor. */
  factor: Float64Array;
  gradients: Float64Array;
  hessians?: Float64Array;
}

const calculators = new Map<number, SphericalHarmonics>();

function calculator(lMax: number): SphericalHarmonics {
  let c = calculators.get(lMax);
  if (!c) {
    c = new SphericalHarmonics(lMax);
    calculators.set(lMax, c);
  }
  return c;
}

function hessiansOf(r: Tensor, d: Derivatives): Float64Array {
  if (!d.hessians) d.hessians = calculator(d.lMax).computeWithHessians(r.data).hessians;
  return d.hessians;
}

function thirdDerivative(): never {
  throw new Error('sphericalHarmonics: third derivatives with respect to edge vectors are not implemented (energy Hessians are the highest order)');
}

/** Σ_k g_k f_k ∂Y_k/∂r_a for every edge: [E, K] → [E, 3]. */
function shVjp(g: Tensor, r: Tensor, d: Derivatives): Tensor {
  const E = r.rows;
  const { K, factor, gradients } = d;
  const out = new Float64Array(3 * E);
  for (let e = 0; e < E; e++) {
    for (let a = 0; a < 3; a++) {
      let s = 0;
      const base = (3 * e + a) * K;
      for (let k = 0; k < K; k++) s += g.data[e * K + k] * factor[k] * gradients[base + k];
      out[3 * e + a] = s;
    }
  }
  return result(out, [E, 3], 'shVjp', [g, r], (h, needs) => [needs[0] ? shJvp(h, r, d) : null, needs[1] ? hessianContraction(g, h, r, d) : null]);
}

/** Σ_a h_a f_k ∂Y_k/∂r_a: [E, 3] → [E, K]. */
function shJvp(h: Tensor, r: Tensor, d: Derivatives): Tensor {
  const E = r.rows;
  const { K, factor, gradients } = d;
  const out = new Float64Array(E * K);
  for (let e = 0; e < E; e++) {
    for (let a = 0; a < 3; a++) {
      const ha = h.data[3 * e + a];
      const base = (3 * e + a) * K;
      for (let k = 0; k < K; k++) out[e * K + k] += ha * factor[k] * gradients[base + k];
    }
  }
  return result(out, [E, K], 'shJvp', [h, r], (g, needs) => [needs[0] ? shVjp(g, r, d) : null, needs[1] ? hessianContraction(g, h, r, d) : null]);
}

/** Σ_k g_k f_k Σ_a h_a ∂²Y_k/∂r_a∂r_b: [E, K], [E, 3] → [E, 3]. Not differentiable further. */
function hessianContraction(g: Tensor, h: Tensor, r: Tensor, d: Derivatives): Tensor {
  const E = r.rows;
  const { K, factor } = d;
  const H = hessiansOf(r, d);
  const out = new Float64Array(3 * E);
  for (let e = 0; e < E; e++) {
    for (let a = 0; a < 3; a++) {
      const ha = h.data[3 * e + a];
      if (ha === 0) continue;
      for (let b = 0; b < 3; b++) {
        const base = (9 * e + 3 * a + b) * K;
        let s = 0;
        for (let k = 0; k < K; k++) s += g.data[e * K + k] * factor[k] * H[base + k];
        out[3 * e + b] += ha * s;
      }
    }
  }
  return result(out, [E, 3], 'shHessian', [g, h, r], thirdDerivative);
}

export interface SphericalHarmonicsOptions {
  /** e3nn's normalisation of the harmonics; default 'component' (Σ_m Y_lm² = 2l+1). */
  normalization?: E3nnNormalization;
  /** Kernel backend of o3's harmonics. */
  backend?: BackendName;
}

/**
 * e3nn's o3.SphericalHarmonics(lMax, normalize=True): Y_l(r/|r|) for l = 0 … lMax of each row
 * of `vectors` [E, 3], as an IrrepsArray "1x0e+1x1o+1x2e+…". Components are this package's
 * real basis (Y_1 ∝ (y, z, x); e3nn's, evaluated at toE3nnAxes(r), are the same numbers).
 */
export function sphericalHarmonics(lMax: number, vectors: Tensor, options: SphericalHarmonicsOptions = {}): IrrepsArray {
  const normalization = options.normalization ?? 'component';
  assertOneOf(normalization, 'sphericalHarmonics: normalization', ['integral', 'component', 'norm'] as const);
  if (!(vectors instanceof Tensor) || vectors.shape.length !== 2 || vectors.shape[1] !== 3) {
    throw new RangeError('sphericalHarmonics: vectors must be a Tensor of shape [edges, 3]');
  }
  const K = (lMax + 1) * (lMax + 1);
  const sh = options.backend ? new SphericalHarmonics(lMax, { backend: options.backend }) : calculator(lMax);
  const { values, gradients } = sh.computeWithGradients(vectors.data);
  const factor = new Float64Array(K);
  for (let l = 0; l <= lMax; l++) factor.fill(e3nnNormalizationFactor(l, normalization), l * l, (l + 1) * (l + 1));
  const out = new Float64Array(values.length);
  for (let k = 0; k < out.length; k++) out[k] = values[k] * factor[k % K];
  const d: Derivatives = { lMax, K, factor, gradients };
  const y = result(out, [vectors.rows, K], 'sphericalHarmonics', [vectors], (g) => [shVjp(g, vectors, d)]);
  return new IrrepsArray(Irreps.sphericalHarmonics(lMax), y);
}
