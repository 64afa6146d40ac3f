// The WebAssembly kernels of the power spectrum against the TypeScript reference: the
// per-centre map (forward, pushforward, pullback) and the fused structure-level products
// (dense gradients, species sums, vector–Jacobian products) on every expansion backend.
import { afterEach, describe, expect, it } from 'vitest';
import { setBackend, type BackendName } from '@equikit/core';
import { SphericalExpansion, toStructure } from '@equikit/density';
import { denseFeatures, expandAndMap, PowerSpectrumMap, speciesSums, streamPairTangents, vectorJacobianProduct, type CentreMap } from '../src/index.js';
import { BACKENDS, randomCluster, randomPeriodic, relativeError, seeded } from './helpers.js';

const FLAVORS = ['wasm', 'wasm-simd'] as const;
const TOLERANCE = 1e-12;

/** A map that hides its class: the driver then takes the generic (reference) path. */
function opaque(map: CentreMap): CentreMap {
  return {
    inputSize: map.inputSize,
    outputSize: map.outputSize,
    forward: (...args) => map.forward(...args),
    pushforward: (...args) => map.pushforward(...args),
    pullback: (...args) => map.pullback(...args),
  };
}

// N = 3 (scalar tails only), 10 (an 8-wide block and a 2-wide one), lMax 0 and 3, one to three species
const SHAPES = [
  { nSpecies: 1, maxRadial: 3, maxAngular: 0 },
  { nSpecies: 3, maxRadial: 3, maxAngular: 3 },
  { nSpecies: 2, maxRadial: 10, maxAngular: 3 },
];

describe.each(FLAVORS)('PowerSpectrumMap on %s equals the TypeScript reference', (flavor) => {
  describe.each(SHAPES)('%o', (shape) => {
    const rng = seeded(11);
    const reference = new PowerSpectrumMap(shape, { backend: 'js' });
    const kernel = new PowerSpectrumMap(shape, { backend: flavor });
    const C = reference.inputSize;
    const F = reference.outputSize;
    const NK = C / shape.nSpecies;
    const offset = 5;
    const c = new Float64Array(offset + C).map(() => rng() - 0.5);

    it('forward', () => {
      const expected = new Float64Array(F + 3);
      const actual = new Float64Array(F + 3).fill(7);
      reference.forward(c, offset, expected, 3);
      kernel.forward(c, offset, actual, 3);
      expect(Array.from(actual.subarray(0, 3))).toEqual([7, 7, 7]);
      expect(relativeError(actual.subarray(3), expected.subarray(3))).toBeLessThan(TOLERANCE);
    });

    for (let t = -1; t < shape.nSpecies; t++) {
      it(`pushforward, tangent ${t < 0 ? 'dense (every block)' : `in block ${t}`}`, () => {
        const dc = new Float64Array(3 * C);
        for (let x = 0; x < 3; x++) {
          for (let k = 0; k < C; k++) if (t < 0 || Math.floor(k / NK) === t) dc[x * C + k] = rng() - 0.5;
        }
        const expected = new Float64Array(3 * F);
        const actual = new Float64Array(3 * F).fill(NaN);
        reference.pushforward(c, offset, dc, t, expected);
        kernel.pushforward(c, offset, dc, t, actual);
        expect(relativeError(actual, expected)).toBeLessThan(TOLERANCE);
      });
    }

    it('pullback', () => {
      const g = new Float64Array(2 + F).map(() => rng() - 0.5);
      const expected = new Float64Array(C);
      const actual = new Float64Array(C).fill(NaN);
      reference.pullback(c, offset, g, 2, expected);
      kernel.pullback(c, offset, g, 2, actual);
      expect(relativeError(actual, expected)).toBeLessThan(TOLERANCE);
    });
  });
});

const HYPERS = {
  cutoff: { radius: 4.0, smoothing: { type: 'shifted-cosine' as const, width: 0.5 } },
  density: { type: 'gaussian' as const, width: 0.4 },
  basis: { maxAngular: 3, radial: { type: 'gto' as const, maxRadial: 4 } },
};
const rng = seeded(3);
const STRUCTURES = [
  ['cluster, two species', randomCluster(rng, 9, [1, 8], 3.4)],
  ['small periodic cell, three species (images of the centre are neighbours)', randomPeriodic(rng, 4, [14, 6, 8])],
] as const;

// The expansion on every backend (forced), the fused kernels on each wasm build (the map's own
// backend); the reference is the generic driver with the TypeScript map. On 'js' alone there is
// no fused path: that is the reference.
describe.each(BACKENDS)('fused structure-level products, expansion on %s', (expansionBackend: BackendName) => {
  afterEach(() => setBackend('auto'));
  const expansion = new SphericalExpansion(HYPERS);
  describe.each(STRUCTURES)('%s', (_, input) => {
    const structure = toStructure(input, 'structure');
    const species = Int32Array.from([...new Set(input.numbers)].sort((a, b) => a - b));
    const shape = { nSpecies: species.length, maxRadial: 4, maxAngular: 3 };
    const reference = opaque(new PowerSpectrumMap(shape, { backend: 'js' }));
    const want = { positions: true, strain: true };

    it.each(FLAVORS)('dense values, position and strain gradients (%s kernels)', (flavor) => {
      setBackend(expansionBackend);
      const expected = denseFeatures(expansion, reference, structure, species, want);
      const actual = denseFeatures(expansion, new PowerSpectrumMap(shape, { backend: flavor }), structure, species, want);
      expect(relativeError(actual.values, expected.values)).toBeLessThan(TOLERANCE);
      expect(relativeError(actual.positionGradients!, expected.positionGradients!)).toBeLessThan(TOLERANCE);
      expect(relativeError(actual.strainGradients!, expected.strainGradients!)).toBeLessThan(TOLERANCE);
    });

    it.each(FLAVORS)('species sums with gradients, and each gradient alone (%s kernels)', (flavor) => {
      setBackend(expansionBackend);
      const map = new PowerSpectrumMap(shape, { backend: flavor });
      const expected = speciesSums(expansion, reference, structure, species, want);
      const actual = speciesSums(expansion, map, structure, species, want);
      expect(relativeError(actual.values, expected.values)).toBeLessThan(TOLERANCE);
      expect(relativeError(actual.positionGradients!, expected.positionGradients!)).toBeLessThan(TOLERANCE);
      expect(relativeError(actual.strainGradients!, expected.strainGradients!)).toBeLessThan(TOLERANCE);
      const positionsOnly = speciesSums(expansion, map, structure, species, { positions: true, strain: false });
      expect(positionsOnly.strainGradients).toBeUndefined();
      expect(relativeError(positionsOnly.positionGradients!, expected.positionGradients!)).toBeLessThan(TOLERANCE);
      const strainOnly = speciesSums(expansion, map, structure, species, { positions: false, strain: true });
      expect(strainOnly.positionGradients).toBeUndefined();
      expect(relativeError(strainOnly.strainGradients!, expected.strainGradients!)).toBeLessThan(TOLERANCE);
    });

    it.each(FLAVORS)('every pair tangent streamed to a visitor (%s kernels)', (flavor) => {
      setBackend(expansionBackend);
      const map = new PowerSpectrumMap(shape, { backend: flavor });
      const { coefficients } = expandAndMap(expansion, reference, structure, species);
      const expected: Float64Array[] = [];
      streamPairTangents(expansion, reference, structure, species, coefficients, undefined, (_i, _j, p, _pairs, tangent) => (expected[p] = tangent.slice()));
      let visited = 0;
      streamPairTangents(expansion, map, structure, species, coefficients, undefined, (i, j, p, pairs, tangent) => {
        expect([i, j]).toEqual([pairs.i[p], pairs.j[p]]);
        expect(relativeError(tangent, expected[p])).toBeLessThan(TOLERANCE);
        visited++;
      });
      expect(visited).toBe(expected.filter(Boolean).length);
      expect(visited).toBeGreaterThan(10);
    });

    it.each(FLAVORS)('vector–Jacobian product, array and function cotangents (%s kernels)', (flavor) => {
      setBackend(expansionBackend);
      const map = new PowerSpectrumMap(shape, { backend: flavor });
      const g = new Float64Array(structure.length * map.outputSize).map(() => rng() - 0.5);
      const expected = vectorJacobianProduct(expansion, reference, structure, species, g);
      const actual = vectorJacobianProduct(expansion, map, structure, species, g);
      expect(relativeError(actual.values, expected.values)).toBeLessThan(TOLERANCE);
      expect(Math.abs(actual.total - expected.total)).toBeLessThan(TOLERANCE * Math.abs(expected.total));
      expect(relativeError(actual.positions, expected.positions)).toBeLessThan(TOLERANCE);
      expect(relativeError(actual.strain, expected.strain)).toBeLessThan(TOLERANCE);
      // the cotangent as a function of the features: g_i = X_i
      const square = (_i: number, values: Float64Array, offset: number, out: Float64Array) => out.set(values.subarray(offset, offset + map.outputSize));
      const e2 = vectorJacobianProduct(expansion, reference, structure, species, square);
      const a2 = vectorJacobianProduct(expansion, map, structure, species, square);
      expect(relativeError(a2.positions, e2.positions)).toBeLessThan(TOLERANCE);
      expect(relativeError(a2.strain, e2.strain)).toBeLessThan(TOLERANCE);
    });
  });
});

describe('streamPairTangents on the wasm kernels', () => {
  it('refuses a visitor that runs this package\'s kernels while pairs are in flight', () => {
    const expansion = new SphericalExpansion(HYPERS);
    const structure = toStructure(STRUCTURES[0][1], 'structure');
    const species = Int32Array.from([1, 8]);
    const map = new PowerSpectrumMap({ nSpecies: 2, maxRadial: 4, maxAngular: 3 }, { backend: 'wasm-simd' });
    const { coefficients } = expandAndMap(expansion, map, structure, species);
    const out = new Float64Array(map.outputSize);
    expect(() => streamPairTangents(expansion, map, structure, species, coefficients, undefined, () => map.forward(coefficients, 0, out, 0))).toThrow(
      /a visitor ran @equikit\/correlations kernels/,
    );
  });
});

describe('PowerSpectrumMap backend option', () => {
  it('rejects a backend it does not implement, naming it', () => {
    expect(() => new PowerSpectrumMap({ nSpecies: 1, maxRadial: 2, maxAngular: 1 }, { backend: 'webgpu' })).toThrow(/PowerSpectrumMap has no 'webgpu' backend/);
  });

  it('withBackend returns a cached sibling on that backend', () => {
    const map = new PowerSpectrumMap({ nSpecies: 1, maxRadial: 2, maxAngular: 1 });
    const js = map.withBackend('js');
    expect(js.backend).toBe('js');
    expect(map.withBackend('js')).toBe(js);
    expect(map.withBackend(undefined)).toBe(map);
  });
});
