import { Structure } from '@equikit/core';
import { PowerSpectrum } from '@equikit/correlations';
import { init as initDensity } from '@equikit/density';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import { LinearPotential, type FeatureConfig, type LinearPotentialJSON } from '../src/linear/index.js';
import { encodeFloat64 } from '../src/serialization.js';
import { init } from '../src/wasm.js';
import { moved, randomO3, randomStructure, rotate, seeded, strain, transformed, withTargets } from './structures.js';

await initDensity();
await init({ flavor: 'wasm' });
await init({ flavor: 'wasm-simd' });

const BACKENDS = ['js', 'wasm', 'wasm-simd'] as const;

const FEATURES: FeatureConfig = {
  type: 'power-spectrum',
  expansion: {
    cutoff: { radius: 3.5, smoothing: { type: 'shifted-cosine', width: 0.5 } },
    density: { type: 'gaussian', width: 0.5 },
    basis: { maxAngular: 2, radial: { type: 'gto', maxRadial: 3 }, splineAccuracy: 0 },
  },
};

/** A model with random weights and reference energies (built through fromJSON). */
function randomModel(seed: number, species: number[], features: FeatureConfig = FEATURES): LinearPotential {
  const rng = seeded(seed);
  const size = new PowerSpectrum((features as Extract<FeatureConfig, { type: 'power-spectrum' }>).expansion, { normalize: features.type === 'power-spectrum' && features.normalize === true }).sizeFor(species.length);
  const json: LinearPotentialJSON = {
    format: 'equikit.LinearPotential',
    version: 1,
    features,
    featureState: null,
    species,
    size,
    weights: encodeFloat64(Float64Array.from({ length: species.length * size }, () => rng() - 0.5)),
    referenceEnergies: encodeFloat64(Float64Array.from(species, () => -3 - rng())),
    fit: null,
  };
  return LinearPotential.fromJSON(json);
}

function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 1e-12;
  for (let k = 0; k < a.length; k++) {
    diff = Math.max(diff, Math.abs(a[k] - b[k]));
    scale = Math.max(scale, Math.abs(b[k]));
  }
  return diff / scale;
}

/**
 * f'(0) by Richardson-extrapolated central differences (error O(h⁴)), so a step of 1e-3 Å keeps
 * both truncation and the rounding of energies ~10⁴ times larger than forces below 1e-8.
 */
function derivative(f: (d: number) => number, h = 1e-3): number {
  const central = (step: number) => (f(step) - f(-step)) / (2 * step);
  return (4 * central(h / 2) - central(h)) / 3;
}

const rng = seeded(3);
const CASES: [string, Structure][] = [
  ['cluster of two species', randomStructure(rng, 6, [14, 8], false, 3.5)],
  ['periodic cell of two species (images are neighbours)', randomStructure(rng, 4, [8, 14], true, 3.6)],
];

describe.each(BACKENDS)('LinearPotential predictions on %s', (backend) => {
  const model = randomModel(1, [8, 14]);

  describe.each(CASES)('%s', (_, structure) => {
    const p = model.predict(structure, { backend });
    const energy = (s: Structure) => Float64Array.of(model.predict(s, { backend }).energy);

    it('forces are minus the central finite-difference gradient of the energy', () => {
      const fd = new Float64Array(3 * structure.length);
      for (let k = 0; k < structure.length; k++) {
        for (let x = 0; x < 3; x++) fd[3 * k + x] = -derivative((d) => energy(moved(structure, k, x, d))[0]);
      }
      expect(relativeError(p.forces, fd)).toBeLessThan(1e-7);
      // the forces of an isolated or periodic system sum to zero (translation invariance)
      for (let x = 0; x < 3; x++) expect(Math.abs(p.forces.reduce((s, f, k) => (k % 3 === x ? s + f : s), 0))).toBeLessThan(1e-10);
    });

    it('energy is the sum of the atomic energies', () => {
      const atomic = model.atomicEnergies(structure, { backend });
      expect(atomic.reduce((a, b) => a + b, 0)).toBeCloseTo(p.energy, 10);
    });

    if (structure.pbc[0]) {
      it('stress is the finite-difference strain derivative of the energy over the volume (ASE sign, Voigt order)', () => {
        const V = structure.volume();
        const pairs = [[0, 0], [1, 1], [2, 2], [1, 2], [0, 2], [0, 1]];
        const fd = pairs.map(([a, b]) => {
          const at = (d: number) => {
            // a symmetric strain ε_ab = ε_ba = d/2 off the diagonal (so the Voigt shear is d), d on it
            const eps = new Float64Array(9);
            eps[3 * a + b] += a === b ? d : d / 2;
            if (a !== b) eps[3 * b + a] += d / 2;
            return energy(transformed(structure, strain(eps)))[0];
          };
          return derivative(at) / V;
        });
        expect(relativeError(p.stress!, fd)).toBeLessThan(1e-7);
      });
    } else {
      it('has no stress without a cell', () => expect(p.stress).toBeUndefined());
    }

    it('rotations with and without inversion, and translations, leave the energy and rotate forces and stress', () => {
      const r = seeded(9);
      for (const invert of [false, true]) {
        const R = randomO3(r, invert);
        const shift = [r() * 3, -r() * 2, r()];
        const moved = transformed(transformed(structure, rotate(R)), (v) => v.map((c, a) => c + shift[a]), true);
        const q = model.predict(moved, { backend });
        expect(q.energy).toBeCloseTo(p.energy, 9);
        const expectedForces: number[] = [];
        for (let k = 0; k < structure.length; k++) expectedForces.push(...rotate(R)(Array.from(p.forces.subarray(3 * k, 3 * k + 3))));
        expect(relativeError(q.forces, expectedForces)).toBeLessThan(1e-9);
        if (p.stress) {
          const [xx, yy, zz, yz, xz, xy] = p.stress;
          const S = [xx, xy, xz, xy, yy, yz, xz, yz, zz];
          const RS = new Array(9).fill(0);
          for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) for (let c = 0; c < 3; c++) for (let d = 0; d < 3; d++) RS[3 * a + b] += R[3 * a + c] * S[3 * c + d] * R[3 * b + d];
          expect(relativeError(q.stress!, [RS[0], RS[4], RS[8], RS[5], RS[2], RS[1]])).toBeLessThan(1e-9);
        }
      }
    });

    it('permuting the atoms permutes the forces', () => {
      const order = Array.from({ length: structure.length }, (_, k) => structure.length - 1 - k);
      const permuted = new Structure({
        positions: order.flatMap((k) => Array.from(structure.positions.subarray(3 * k, 3 * k + 3))),
        numbers: order.map((k) => structure.numbers[k]),
        cell: structure.cell,
        pbc: structure.pbc,
      });
      const q = model.predict(permuted, { backend });
      expect(q.energy).toBeCloseTo(p.energy, 10);
      order.forEach((k, i) => {
        for (let x = 0; x < 3; x++) expect(q.forces[3 * i + x]).toBeCloseTo(p.forces[3 * k + x], 10);
      });
    });
  });
});

/** Structures labelled by a known model: its energies, forces and stresses are the targets. */
function labelled(truth: LinearPotential, seed: number, count: number, species: number[]): Structure[] {
  const r = seeded(seed);
  return Array.from({ length: count }, (_, k) => {
    const s = randomStructure(r, 3 + (k % 4), species, k % 3 !== 0, 3.6 + 0.1 * (k % 3));
    const p = truth.predict(s);
    return withTargets(s, p.energy, p.forces, p.stress);
  });
}

describe.each(BACKENDS)('LinearPotential.fit on %s', (backend) => {
  const species = [8, 14];
  const truth = randomModel(5, species);
  const train = labelled(truth, 11, 24, species);

  it('recovers a known linear target exactly: predictions and reference energies', async () => {
    const model = await LinearPotential.fit(train, { features: FEATURES, regularization: 1e-12, backend });
    const e0 = model.referenceEnergies;
    expect(e0.O).toBeCloseTo(truth.referenceEnergies.O, 6);
    expect(e0.Si).toBeCloseTo(truth.referenceEnergies.Si, 6);
    for (const s of labelled(truth, 99, 5, species)) {
      const p = model.predict(s);
      const q = truth.predict(s);
      expect(Math.abs(p.energy - q.energy) / s.length).toBeLessThan(1e-8);
      expect(relativeError(p.forces, q.forces)).toBeLessThan(1e-7);
      if (q.stress) expect(relativeError(p.stress!, q.stress)).toBeLessThan(1e-7);
    }
    // from the normal equations (θᵀAθ − 2θᵀb + yᵀy), so exact only to ~1e-8 of the weighted targets' size (~10³)
    expect(model.report!.trainingResidual).toBeLessThan(1e-3);
    expect(model.report!.rows).toBe(24 + train.reduce((n, s) => n + 3 * s.length, 0) + 6 * train.filter((s) => s.pbc[0]).length);
  });

  it('with given reference energies, fits the rest', async () => {
    const model = await LinearPotential.fit(train, {
      features: FEATURES,
      regularization: 1e-12,
      referenceEnergies: truth.referenceEnergies,
      backend,
    });
    expect(model.referenceEnergies).toEqual(truth.referenceEnergies);
    const s = labelled(truth, 98, 1, species)[0];
    expect(Math.abs(model.predict(s).energy - truth.predict(s).energy) / s.length).toBeLessThan(1e-8);
  });

  it("chooses the regularization by cross-validation ('auto') and reports progress", async () => {
    const r = seeded(2);
    const noisy = train.map((s) =>
      withTargets(s, (s.info.energy as number) + 0.01 * (r() - 0.5), (s.arrays.forces as Float64Array).map((f) => f + 0.05 * (r() - 0.5)), s.info.stress as Float64Array | undefined),
    );
    const stages = new Map<string, number>();
    const model = await LinearPotential.fit(noisy, { features: FEATURES, folds: 3, backend, onProgress: (p) => stages.set(p.stage, p.done) });
    expect(stages.get('features')).toBe(24);
    expect(stages.get('assembly')).toBe(24);
    expect(stages.get('solve')).toBe(3 * 15 + 1);
    const cv = model.report!.crossValidation!;
    expect(cv.folds).toBe(3);
    expect(cv.tried.length).toBe(15);
    const best = Math.min(...cv.tried.map((t) => t.error));
    expect(cv.tried.find((t) => t.lambda === model.report!.regularization)!.error).toBe(best);
    const result = evaluate(model, labelled(truth, 97, 6, species));
    expect(result.forces!.mae).toBeLessThan(0.1);
  });
});

describe('LinearPotential across backends and serialisation', () => {
  const species = [8, 14];
  const truth = randomModel(6, species);
  const train = labelled(truth, 12, 12, species).map((s, k) =>
    withTargets(s, (s.info.energy as number) + 0.02 * Math.sin(k), s.arrays.forces as Float64Array, s.info.stress as Float64Array | undefined),
  );

  it('the WebAssembly solvers give the TypeScript solver’s model', async () => {
    const [js, wasm, simd] = await Promise.all(BACKENDS.map((backend) => LinearPotential.fit(train, { features: FEATURES, regularization: 1e-6, backend })));
    // weights of duplicated power-spectrum pairs (n1 n2 / n2 n1) are only fixed by the ridge, so compare what they predict
    for (const s of labelled(truth, 77, 3, species)) {
      const p = js.predict(s);
      for (const other of [wasm, simd]) {
        const q = other.predict(s);
        expect(Math.abs(q.energy - p.energy)).toBeLessThan(1e-9 * Math.abs(p.energy));
        expect(relativeError(q.forces, p.forces)).toBeLessThan(1e-8);
      }
    }
  });

  it('toJSON / fromJSON round-trip bit for bit', async () => {
    const model = await LinearPotential.fit(train, { features: FEATURES, regularization: 1e-6 });
    const text = JSON.stringify(model.toJSON());
    const back = LinearPotential.fromJSON(text);
    expect(JSON.stringify(back.toJSON())).toBe(text);
    const w = model.weights;
    back.weights.forEach((v, k) => expect(Object.is(v, w[k])).toBe(true));
    expect(back.referenceEnergies).toEqual(model.referenceEnergies);
    const s = labelled(truth, 50, 1, species)[0];
    const p = model.predict(s);
    const q = back.predict(s);
    expect(Object.is(q.energy, p.energy)).toBe(true);
    q.forces.forEach((v, k) => expect(Object.is(v, p.forces[k])).toBe(true));
    expect(back.report).toEqual(model.report);
    expect(LinearPotential.fromJSON(model.toJSON()).toJSON()).toEqual(model.toJSON());
  });

  it('fromJSON names what is wrong', () => {
    const json = randomModel(1, species).toJSON();
    expect(() => LinearPotential.fromJSON({ ...json, format: 'x' } as never)).toThrow(/json.format must be 'equikit.LinearPotential'/);
    expect(() => LinearPotential.fromJSON({ ...json, size: 3 })).toThrow(/json.size is 3/);
    expect(() => LinearPotential.fromJSON({ ...json, weights: encodeFloat64(new Float64Array(2)) })).toThrow(/json.weights must hold/);
    expect(() => LinearPotential.fromJSON({ ...json, species: [14, 8] })).toThrow(/json.species must be increasing/);
    expect(() => LinearPotential.fromJSON({ ...json, referenceEnergies: encodeFloat64(Float64Array.of(NaN, 0)) })).toThrow(/json.referenceEnergies\[0\] must be finite/);
  });
});

describe('LinearPotential.fit rejects bad data and options', () => {
  const species = [8, 14];
  const truth = randomModel(7, species);
  const train = labelled(truth, 13, 4, species);

  it('names the structure with missing, misshapen or NaN targets', async () => {
    const noForces = new Structure({ positions: train[1].positions, numbers: train[1].numbers, info: { energy: 1 } });
    await expect(LinearPotential.fit([train[0], noForces], { features: FEATURES })).rejects.toThrow(/train\[1\] has no forces: arrays.forces is missing/);
    const bad = withTargets(train[2], 1, new Float64Array(3 * train[2].length), new Float64Array(6));
    bad.arrays.forces = new Float64Array(3);
    await expect(LinearPotential.fit([train[0], train[1], bad], { features: FEATURES })).rejects.toThrow(/train\[2\]: arrays.forces must have 3 values per atom/);
    const nan = withTargets(train[0], 1, new Float64Array(3 * train[0].length));
    nan.info.energy = NaN;
    await expect(LinearPotential.fit([train[1], nan], { features: FEATURES })).rejects.toThrow(/train\[1\]: info.energy must be finite, got NaN/);
    await expect(LinearPotential.fit([train[1], nan], { features: FEATURES, targets: { energy: false }, referenceEnergies: { O: 0, Si: 0 }, regularization: 1e-8 })).resolves.toBeInstanceOf(LinearPotential);
  });

  it('names bad options', async () => {
    await expect(LinearPotential.fit(train, {} as never)).rejects.toThrow(/options.features is required/);
    await expect(LinearPotential.fit(train, { features: { type: 'soap' } as never })).rejects.toThrow(/options.features.type must be 'power-spectrum' or 'density-correlations'/);
    await expect(LinearPotential.fit(train, { features: FEATURES, regularization: -1 })).rejects.toThrow(/options.regularization must be a finite number ≥ 0/);
    await expect(LinearPotential.fit(train, { features: FEATURES, weights: { force: 1 } as never })).rejects.toThrow(/options.weights has an unknown field 'force'/);
    await expect(LinearPotential.fit(train, { features: FEATURES, weights: { energy: 0, forces: 0, stress: 0 } })).rejects.toThrow(/leave nothing to fit/);
    await expect(LinearPotential.fit(train, { features: FEATURES, referenceEnergies: { Xx: 1 } })).rejects.toThrow(/key 'Xx'/);
    await expect(LinearPotential.fit(train, { features: FEATURES, referenceEnergies: { Si: 1 }, regularization: 1 })).rejects.toThrow(/no energy for O/);
    await expect(LinearPotential.fit(train, { features: FEATURES, species: [14] })).rejects.toThrow(/train\[0\] has element O, which is not in options.species/);
    await expect(LinearPotential.fit(train, { features: FEATURES, folds: 1 })).rejects.toThrow(/options.folds must be an integer in \[2, 100\]/);
    await expect(LinearPotential.fit(train, { features: FEATURES, regularization: 0 })).rejects.toThrow(/not positive definite at regularization = 0/);
    await expect(LinearPotential.fit([], { features: FEATURES })).rejects.toThrow(/train must hold at least one Structure/);
  });

  it('refuses to predict an element it was not trained on', () => {
    const model = randomModel(1, [14]);
    expect(() => model.predict(train[0])).toThrow(/element O \(atom 0\), which the model was not trained on; its species are Si/);
  });
});
