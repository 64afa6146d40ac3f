// The WebAssembly path of expandPairs: same inputs, outputs and sink protocol as the JS
// reference (pair-expansion.ts). Harmonics come from @equikit/o3 per chunk; the radial
// splines (librascal's natural spline, uniform Hermite) or the exact GTO integral, the accumulation of coefficients and the per-pair
// gradients run in this package's kernels. Other radial integrals (quadrature, non-uniform user
// tables) are evaluated in JS and passed in. All arena buffers are allocated once per call, before any view is made.
import type { Structure, WasmFlavor } from '@equikit/core';
import { GtoRadialIntegral } from '../radial/gto.js';
import { ASYMPTOTIC_TERMS, SERIES_TERMS } from '../radial/gto-kummer.js';
import { HermiteSplineRadialIntegral, NaturalSplineRadialIntegral } from '../radial/spline.js';
import { wasmModule } from '../wasm.js';
import type { CentreSink, ExpansionSetup, PairList, PairSink } from './pair-expansion.js';

const Y00 = 1 / Math.sqrt(4 * Math.PI);
/** Pairs per chunk: the gradient output of a chunk (3·N·K doubles per pair) stays a few MB. */
const CHUNK = 256;

export function expandPairsWasm(
  flavor: WasmFlavor,
  structure: Structure,
  typeOfAtom: Int32Array,
  nTypes: number,
  pairs: PairList,
  setup: ExpansionSetup,
  sink?: PairSink,
  centreSink?: CentreSink,
): Float64Array {
  const { maxRadial: N, maxAngular, radial, weight } = setup;
  const L = maxAngular + 1;
  const K = L * L;
  const NK = N * K;
  const NL = N * L;
  const nAtoms = structure.length;
  const gradients = sink !== undefined || centreSink !== undefined;
  const inst = wasmModule.instance(flavor);
  const e = inst.exports;
  inst.reset();
  try {
    const spline = radial.integral instanceof NaturalSplineRadialIntegral ? radial.integral.tables() : undefined;
    const hermite = radial.integral instanceof HermiteSplineRadialIntegral ? radial.integral.uniformTables() : undefined;
    const gto = radial.integral instanceof GtoRadialIntegral ? radial.integral.wasmTables() : undefined;
    const valuesPtr = inst.alloc(nAtoms * nTypes * NK * 8);
    const rPtr = inst.alloc(CHUNK * 8);
    const wPtr = inst.alloc(CHUNK * 8);
    const dwPtr = inst.alloc(CHUNK * 8);
    const basePtr = inst.alloc(CHUNK * 4);
    const unitPtr = inst.alloc(CHUNK * 3 * 8);
    const yPtr = inst.alloc(CHUNK * K * 8);
    const dyPtr = gradients ? inst.alloc(CHUNK * 3 * K * 8) : 0;
    const iPtr = inst.alloc(CHUNK * NL * 8);
    const diPtr = gradients ? inst.alloc(CHUNK * NL * 8) : 0;
    const outPtr = gradients ? inst.alloc(CHUNK * 3 * NK * 8) : 0;
    const scratchPtr = inst.alloc(2 * NK * 8);
    const slotPtr = centreSink ? inst.alloc(CHUNK * 4) : 0;
    const accPtr = centreSink ? inst.alloc(CHUNK * 12 * NK * 8) : 0;
    const gridPtr = spline ? inst.put(spline.grid) : 0;
    const splineYPtr = spline ? inst.put(spline.values) : 0;
    const splineSPtr = spline ? inst.put(spline.curvature) : 0;
    const hermiteYPtr = hermite ? inst.put(hermite.values) : 0;
    const hermiteDPtr = hermite ? inst.put(hermite.derivatives) : 0;
    const gtoKappaPtr = gto ? inst.put(gto.kappa) : 0;
    const gtoBetaPtr = gto ? inst.put(gto.beta) : 0;
    const gtoPrefactorPtr = gto ? inst.put(gto.prefactor) : 0;
    const gtoStartsPtr = gto ? inst.put(gto.starts) : 0;
    const gtoPerNLPtr = gto ? inst.put(gto.perNL) : 0;
    const gtoOrthoPtr = gto ? inst.put(gto.ortho) : 0;
    const gtoScratchPtr = gto ? inst.alloc((2 * L + 2 * NL) * 8) : 0;
    // views, after the last allocation (growth would detach them)
    const values = inst.f64(valuesPtr, nAtoms * nTypes * NK);
    const r = inst.f64(rPtr, CHUNK);
    const w = inst.f64(wPtr, CHUNK);
    const dw = inst.f64(dwPtr, CHUNK);
    const base = inst.i32(basePtr, CHUNK);
    const unit = inst.f64(unitPtr, 3 * CHUNK);
    const yView = inst.f64(yPtr, CHUNK * K);
    const dyView = gradients ? inst.f64(dyPtr, CHUNK * 3 * K) : undefined;
    const iView = inst.f64(iPtr, CHUNK * NL);
    const diView = gradients ? inst.f64(diPtr, CHUNK * NL) : undefined;
    const outView = gradients ? inst.f64(outPtr, CHUNK * 3 * NK) : undefined;
    const slotView = centreSink ? inst.i32(slotPtr, CHUNK) : undefined;
    const accView = centreSink ? inst.f64(accPtr, CHUNK * 12 * NK) : undefined;
    // centre-sum slots of a chunk: one per (centre, neighbour type), found as the sorted pairs go by
    const slotOfType = new Int32Array(nTypes).fill(-1);
    const slotCentre = new Int32Array(CHUNK);
    const slotType = new Int32Array(CHUNK);

    values.fill(0);
    for (let a = 0; a < nAtoms; a++) {
      const at = (a * nTypes + typeOfAtom[a]) * NK;
      for (let n = 0; n < N; n++) values[at + n * K] += setup.centreWeight * radial.centre[n] * Y00;
    }

    const I = new Float64Array(NL);
    const dI = new Float64Array(NL);
    const shValues = new Float64Array(CHUNK * K);
    const shGradients = new Float64Array(gradients ? CHUNK * 3 * K : 0);
    for (let first = 0; first < pairs.length; first += CHUNK) {
      const count = Math.min(CHUNK, pairs.length - first);
      const xyz = pairs.vectors.subarray(3 * first, 3 * (first + count));
      // o3 computes into JS arrays (its wasm has its own memory): copy them into ours
      const jsY = count === CHUNK ? shValues : new Float64Array(count * K);
      const jsdY = gradients ? (count === CHUNK ? shGradients : new Float64Array(3 * count * K)) : undefined;
      if (jsdY) setup.harmonics.computeWithGradients(xyz, { values: jsY, gradients: jsdY });
      else setup.harmonics.compute(xyz, { values: jsY });
      yView.set(jsY);
      if (dyView && jsdY) dyView.set(jsdY);
      for (let c = 0; c < count; c++) {
        const p = first + c;
        const distance = pairs.distances[p];
        r[c] = distance;
        w[c] = weight.value(distance);
        dw[c] = gradients ? weight.derivative(distance) : 0;
        base[c] = (pairs.i[p] * nTypes + typeOfAtom[pairs.j[p]]) * NK;
        for (let x = 0; x < 3; x++) unit[3 * c + x] = pairs.vectors[3 * p + x] / distance;
        if (!spline && !hermite && !gto) {
          radial.integral.compute(distance, I, gradients ? dI : undefined);
          iView.set(I, c * NL);
          if (diView) diView.set(dI, c * NL);
        }
      }
      if (spline) {
        e.naturalSpline(count, rPtr, NL, spline.start, spline.pointsPerUnit, spline.lastInterval, spline.h, gridPtr, splineYPtr, splineSPtr, iPtr, gradients ? diPtr : 0);
      }
      if (gto) {
        const failed = e.gtoExact(count, rPtr, N, L, gto.alpha, gtoKappaPtr, gtoBetaPtr, gtoPrefactorPtr, gtoStartsPtr, gtoPerNLPtr, ASYMPTOTIC_TERMS, SERIES_TERMS, gtoOrthoPtr, iPtr, gradients ? diPtr : 0, gtoScratchPtr);
        if (failed) throw new Error('SphericalExpansion: the ₁F₁ series of the exact GTO integral did not converge (wasm)');
      }
      if (hermite) {
        e.hermiteSpline(count, rPtr, NL, hermite.x0, hermite.h, hermite.intervals, hermiteYPtr, hermiteDPtr, iPtr, gradients ? diPtr : 0);
      }
      e.accumulateValues(count, N, L, wPtr, iPtr, yPtr, basePtr, valuesPtr, scratchPtr);
      if (gradients && outView) {
        e.pairGradients(count, N, L, wPtr, dwPtr, iPtr, diPtr, unitPtr, yPtr, dyPtr, outPtr, scratchPtr);
        if (sink) for (let c = 0; c < count; c++) if (w[c] !== 0) sink(first + c, outView, c * 3 * NK);
        if (centreSink && slotView && accView) {
          let slots = 0;
          let centre = -1;
          for (let c = 0; c < count; c++) {
            const p = first + c;
            if (pairs.i[p] !== centre) {
              centre = pairs.i[p];
              slotOfType.fill(-1);
            }
            if (w[c] === 0) {
              slotView[c] = -1;
              continue;
            }
            const t = typeOfAtom[pairs.j[p]];
            if (slotOfType[t] < 0) {
              slotOfType[t] = slots;
              slotCentre[slots] = centre;
              slotType[slots] = t;
              slots++;
            }
            // an image of the centre enters the strain sums only
            slotView[c] = pairs.j[p] === centre ? -2 - slotOfType[t] : slotOfType[t];
          }
          // r_ij per pair of the chunk: the unit vectors times the distances
          for (let c = 0; c < count; c++) for (let x = 0; x < 3; x++) unit[3 * c + x] *= r[c];
          e.centreSums(count, N, L, unitPtr, outPtr, slotPtr, accPtr, slots);
          for (let k = 0; k < slots; k++) centreSink(slotCentre[k], slotType[k], accView, k * 12 * NK);
        }
      }
    }
    return values.slice();
  } finally {
    inst.reset();
  }
}
