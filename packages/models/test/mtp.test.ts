// MTP: basis enumeration against MLIP's templates, evaluation against brute-force tensor
// contractions, exact forces and stress, O(3)/translation/permutation invariance, .mtp interop,
// and fits that recover a known MTP.
import fs from 'node:fs';
import { readMlearnRecords, Structure } from '@equikit/core';
import { describe, expect, it } from 'vitest';
import { chebyshevRadial, formatMtp, generateMtpBasis, MomentTensorPotential, parseMtp } from '../src/mtp/index.js';
import { lossAndGradient, prepareTraining } from '../src/mtp/fit.js';
import { MomentProgram } from '../src/mtp/moment-program.js';
import { SiteKernel } from '../src/mtp/site-kernel.js';
import { evaluate } from '../src/evaluate.js';
import {
  finiteDifferenceForces, finiteDifferenceStress, randomCluster, randomMtp, randomO3, randomPeriodic, relativeError, rotateRows, seeded, withGeometry,
} from './mtp-helpers.js';

const DATA = new URL('../../../data/mlearn/', import.meta.url);
const read = (path: string) => fs.readFileSync(new URL(path, DATA), 'utf8');

// Counts in MLIP's untrained templates 02.mtp … 24.mtp (alpha_scalar_moments, alpha_index_basic_count).
const MLIP_BASIS = [1, 2, 5, 9, 16, 29, 52, 92, 163, 288, 500, 864];
const MLIP_BASIC = [1, 1, 5, 11, 25, 46, 81, 130, 201, 295, 421, 581];

/** A random environment: n neighbours between 1.8 and 4.4 Å, species 0/1. */
function randomEnvironment(rng: () => number, n: number) {
  const vectors = new Float64Array(3 * n);
  const distances = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const r = 1.8 + 2.6 * rng();
    const z = 2 * rng() - 1;
    const phi = 2 * Math.PI * rng();
    const s = Math.sqrt(1 - z * z);
    vectors.set([r * s * Math.cos(phi), r * s * Math.sin(phi), r * z], 3 * j);
    distances[j] = r;
  }
  return { count: n, centreType: 0, vectors, distances, types: Int32Array.from({ length: n }, () => (rng() < 0.5 ? 0 : 1)), offset: 0 };
}

/** Σ over all index assignments of the graph's edges of Π_nodes M_{μ,ν}[indices], from dense moments. */
function bruteForceGraph(label: string, f: (mu: number, j: number) => number, env: ReturnType<typeof randomEnvironment>): number {
  const [nodesText, edgesText] = label.split('|');
  const nodes = nodesText.split(';').map((t) => t.split(',').map(Number));
  const n = nodes.length;
  const multiplicities = edgesText === '' ? [] : edgesText.split(',').map(Number);
  const legs: [number, number][] = [];
  let p = 0;
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const m = multiplicities[p++];
      for (let e = 0; e < m; e++) legs.push([a, b]);
    }
  }
  const moment = (mu: number, indices: number[]) => {
    let sum = 0;
    for (let j = 0; j < env.count; j++) {
      let term = f(mu, j);
      for (const i of indices) term *= env.vectors[3 * j + i] / env.distances[j];
      sum += term;
    }
    return sum;
  };
  let total = 0;
  for (let code = 0; code < 3 ** legs.length; code++) {
    const indices = nodes.map(() => [] as number[]);
    let c = code;
    for (const [a, b] of legs) {
      const i = c % 3;
      c = Math.floor(c / 3);
      indices[a].push(i);
      indices[b].push(i);
    }
    total += nodes.reduce((prod, [mu], k) => prod * moment(mu, indices[k]), 1);
  }
  return total;
}

describe('MTP basis enumeration', () => {
  it("has MLIP's basis and basic-moment counts at levels 2 … 24", () => {
    const levels = MLIP_BASIS.map((_, k) => 2 + 2 * k);
    const tables = levels.map((l) => generateMtpBasis(l));
    expect(tables.map((t) => t.alphaMomentMapping.length)).toEqual(MLIP_BASIS);
    expect(tables.map((t) => t.alphaIndexBasic.length / 4)).toEqual(MLIP_BASIC);
  }, 30_000); // levels 22 and 24 take a few seconds to enumerate

  it('evaluates every level-12 basis function as its exact tensor contraction (brute force)', () => {
    const rng = seeded(3);
    const tables = generateMtpBasis(12);
    const R = 5;
    const coeffs = Float64Array.from({ length: 4 * tables.radialFuncsCount * R }, () => 2 * rng() - 1);
    const radial = { minDist: 1.5, maxDist: 4.5, basisSize: R, scaling: 0.3, speciesCount: 2, coeffs };
    const kernel = new SiteKernel(new MomentProgram(tables), radial);
    const env = randomEnvironment(rng, 7);
    kernel.load(env);
    const values = new Float64Array(tables.alphaMomentMapping.length);
    kernel.basis(values);
    const q = new Float64Array(R);
    const dq = new Float64Array(R);
    const f = (mu: number, j: number) => {
      chebyshevRadial(env.distances[j], 1.5, 4.5, R, q, dq);
      const row = (env.types[j] * tables.radialFuncsCount + mu) * R; // centre type 0
      return 0.3 * q.reduce((s, v, xi) => s + v * coeffs[row + xi], 0);
    };
    const expected = tables.graphs.map((g) => bruteForceGraph(g, f, env));
    expect(relativeError(values, expected)).toBeLessThan(1e-12);
  });

  it("spans exactly the functions of MLIP's level-8 template 08g.mtp", () => {
    const template = parseMtp(read('mtp/08g.mtp'));
    const ours = generateMtpBasis(8);
    const rng = seeded(4);
    const coeffs = Float64Array.from({ length: 2 * 8 }, () => 2 * rng() - 1);
    const radial = { minDist: 2, maxDist: 5, basisSize: 8, scaling: 0.2, speciesCount: 1, coeffs };
    for (let trial = 0; trial < 3; trial++) {
      const env = { ...randomEnvironment(rng, 9), types: new Int32Array(9) };
      const values = [template, ours].map((t) => {
        const k = new SiteKernel(new MomentProgram(t), radial);
        k.load(env);
        const out = new Float64Array(9);
        k.basis(out);
        return Array.from(out).sort((a, b) => a - b);
      });
      expect(relativeError(values[1], values[0])).toBeLessThan(1e-13);
    }
  });

  it('rejects levels outside 2 … 28', () => {
    expect(() => generateMtpBasis(1)).toThrow(/level must be an integer in \[2, 28\]/);
    expect(() => generateMtpBasis(8.5)).toThrow(/level/);
  });
});

describe('MTP energy, forces and stress', () => {
  const rng = seeded(5);
  const model = randomMtp(rng, 12, [29, 79]);
  const periodic = randomPeriodic(rng, [29, 79]);
  const cluster = randomCluster(rng, 8, [29, 79], 4);

  it('forces are minus the finite-difference gradient (periodic cell and cluster)', () => {
    for (const s of [periodic, cluster]) {
      const p = model.predict(s);
      expect(relativeError(p.forces, finiteDifferenceForces((x) => model.predict(x).energy, s))).toBeLessThan(1e-7);
    }
  });

  it('stress is (1/V) ∂E/∂ε by finite differences; no stress without a cell', () => {
    const p = model.predict(periodic);
    expect(relativeError(p.stress!, finiteDifferenceStress((x) => model.predict(x).energy, periodic))).toBeLessThan(1e-7);
    expect(model.predict(cluster).stress).toBeUndefined();
  });

  it('energy is invariant and forces/stress covariant under rotations with and without inversion, translations and permutations', () => {
    const ref = model.predict(periodic);
    for (const invert of [false, true]) {
      const R = randomO3(rng, invert);
      const p = model.predict(withGeometry(periodic, rotateRows(periodic.positions, R), rotateRows(periodic.cell, R)));
      expect(Math.abs(p.energy - ref.energy)).toBeLessThan(1e-10 * Math.abs(ref.energy));
      expect(relativeError(p.forces, rotateRows(ref.forces, R))).toBeLessThan(1e-10);
    }
    const shifted = withGeometry(periodic, periodic.positions.map((v, k) => v + [0.3, -1.2, 2.1][k % 3]));
    expect(Math.abs(model.predict(shifted).energy - ref.energy)).toBeLessThan(1e-10 * Math.abs(ref.energy));
    const n = periodic.length;
    const perm = Array.from({ length: n }, (_, k) => (k * 5 + 3) % n);
    const permuted = new Structure({
      positions: perm.flatMap((k) => Array.from(periodic.positions.subarray(3 * k, 3 * k + 3))),
      numbers: perm.map((k) => periodic.numbers[k]), cell: periodic.cell, pbc: true,
    });
    const pp = model.predict(permuted);
    expect(Math.abs(pp.energy - ref.energy)).toBeLessThan(1e-10 * Math.abs(ref.energy));
    expect(relativeError(pp.forces, perm.flatMap((k) => Array.from(ref.forces.subarray(3 * k, 3 * k + 3))))).toBeLessThan(1e-10);
  });

  it('names the structure and atom of an element the MTP does not know', () => {
    const s = new Structure({ positions: [0, 0, 0, 2, 0, 0], numbers: [29, 26] });
    expect(() => model.predict(s)).toThrow(/atom 1 is Fe, which the MTP does not know \(its species are Cu, Au\)/);
  });
});

describe('MLIP .mtp files', () => {
  it('round-trips the shipped template and fitted file byte for byte', () => {
    for (const name of ['mtp/08g.mtp', 'mtp/fitted.mtp']) {
      const text = read(name);
      expect(formatMtp(parseMtp(text))).toBe(text);
    }
  });

  it('writes changed values in MLIP layout and reads them back bit for bit; toJSON/fromJSON too', () => {
    const model = randomMtp(seeded(6), 8, [14]);
    const again = MomentTensorPotential.fromMtp(model.toMtp(), { species: ['Si'] });
    expect(Array.from(again.momentCoeffs)).toEqual(Array.from(model.momentCoeffs));
    expect(Array.from(again.radial.coeffs)).toEqual(Array.from(model.radial.coeffs));
    expect(again.toMtp()).toBe(model.toMtp());
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    const back = MomentTensorPotential.fromJSON(json);
    const s = randomPeriodic(seeded(7), [14]);
    expect(back.predict(s).energy).toBe(model.predict(s).energy);
    expect(model.toMtp()).toMatch(/^MTP\nversion = 1\.1\.0\npotential_name = MTP1m\nscaling = 1\.0000000000000001e-01\nspecies_count = 1\npotential_tag = \nradial_basis_type = RBChebyshev\n\tmin_dist = /);
  });

  it('names the line and field of malformed files', () => {
    const text = read('mtp/fitted.mtp');
    expect(() => parseMtp(text.replace('species_count = 1', 'species_count = x'))).toThrow(/mtp line 5: species_count: 'x' is not an integer/);
    expect(() => parseMtp(text.replace('alpha_index_basic_count = 11', 'alpha_index_basic_count = 12'))).toThrow(/alpha_index_basic must have alpha_index_basic_count = 12 tuples, got 11/);
    expect(() => parseMtp(text.replace('{0, 15, 1, 17}', '{0, 17, 1, 16}'))).toThrow(/alpha_index_times\[13\] reads moment 17 before any entry writes it/);
    expect(() => MomentTensorPotential.fromMtp(read('mtp/08g.mtp'), { species: ['Mo'] })).toThrow(/template with placeholders/);
    expect(() => MomentTensorPotential.fromMtp(text, { species: ['Mo', 'W'] })).toThrow(/species must list 1 elements/);
  });

  it("evaluates mlearn's fitted.mtp as a Mo potential: Mo test energies within ~0.1 eV/atom, far better than any other element", () => {
    const text = read('mtp/fitted.mtp');
    const mae: Record<string, number> = {};
    for (const el of ['Mo', 'Si']) {
      const test = readMlearnRecords(read(`${el}/test.json`)).slice(0, el === 'Mo' ? undefined : 6);
      const result = evaluate(MomentTensorPotential.fromMtp(text, { species: [el] }), test);
      mae[el] = result.energy!.mae;
      if (el === 'Mo') expect(result.forces!.mae).toBeLessThan(0.4);
    }
    expect(mae.Mo).toBeLessThan(150);
    expect(mae.Si).toBeGreaterThan(20 * mae.Mo);
  });
});

describe('MTP training', () => {
  const rng = seeded(8);
  const teacher = randomMtp(rng, 8, [29, 79], { minDist: 1.5, maxDist: 4.5, size: 6, scaling: 0.1 });
  const label = (s: Structure) => {
    const p = teacher.predict(s);
    return new Structure({ positions: s.positions, numbers: s.numbers, cell: s.cell, pbc: s.pbc, info: p.stress ? { energy: p.energy, stress: p.stress } : { energy: p.energy }, arrays: { forces: p.forces } });
  };
  const train = [...Array.from({ length: 4 }, () => label(randomPeriodic(rng, [29, 79]))), label(randomCluster(rng, 6, [29, 79], 4))];

  it('recovers the moment and species coefficients of a known MTP with its radial functions', async () => {
    // The fit scales radial functions by 1/(maxDist − minDist)² = 1/9; the teacher by 0.1.
    const radialCoeffs = teacher.radial.coeffs.map((v) => v * 0.1 * 9);
    const model = await MomentTensorPotential.fit(train, { template: teacher.toMtp(), species: [29, 79], minDist: 1.5, radialCoeffs, ridge: 0 });
    expect(relativeError(model.momentCoeffs, teacher.momentCoeffs)).toBeLessThan(1e-7);
    expect(relativeError(model.speciesCoeffs, teacher.speciesCoeffs)).toBeLessThan(1e-7);
  });

  it('has the exact gradient of the loss with respect to every coefficient (radial ones included)', () => {
    const items = prepareTraining(train, [29, 79], 4.5, undefined);
    const nRadial = teacher.radial.coeffs.length;
    const n = nRadial + 2 + teacher.basisCount;
    const x = new Float64Array(n);
    x.set(teacher.radial.coeffs.map((v) => 1.1 * v + 0.01));
    x.set(teacher.speciesCoeffs.map((v) => v + 0.1), nRadial);
    x.set(teacher.momentCoeffs.map((v) => 0.9 * v), nRadial + 2);
    const weights = { energy: 1, forces: 0.01, stress: 0.001 };
    const loss = (y: Float64Array) => lossAndGradient(items, teacher.program, teacher.radial, weights, y, new Float64Array(n));
    const grad = new Float64Array(n);
    lossAndGradient(items, teacher.program, teacher.radial, weights, x, grad);
    const picks = [0, 5, 17, nRadial - 1, nRadial, nRadial + 1, nRadial + 2, n - 1];
    const fd = picks.map((k) => {
      const plus = x.slice();
      const minus = x.slice();
      plus[k] += 1e-6;
      minus[k] -= 1e-6;
      return (loss(plus) - loss(minus)) / 2e-6;
    });
    expect(relativeError(picks.map((k) => grad[k]), fd)).toBeLessThan(1e-6);
  });

  it('L-BFGS refinement of all coefficients lowers the training error of a linear-only fit', async () => {
    const options = { level: 8, maxDist: 4.5, radialBasisSize: 6 };
    const linear = await MomentTensorPotential.fit(train, options);
    const refined = await MomentTensorPotential.fit(train, { ...options, iterations: 25 });
    expect(evaluate(refined, train).forces!.rmse).toBeLessThan(evaluate(linear, train).forces!.rmse);
  });

  it('rejects bad options and training data, naming them', async () => {
    await expect(MomentTensorPotential.fit(train, { level: 40 })).rejects.toThrow(/level must be an integer in \[2, 28\]/);
    await expect(MomentTensorPotential.fit(train, { weights: { forces: -1 } })).rejects.toThrow(/options.weights.forces must be a finite number ≥ 0/);
    await expect(MomentTensorPotential.fit([...train, new Structure({ positions: [0, 0, 0], numbers: [29] })], {})).rejects.toThrow(/train\[5\] has no energy/);
    await expect(MomentTensorPotential.fit(train, { species: [29] })).rejects.toThrow(/atom \d+ is Au, which the MTP does not know/);
  });
});
