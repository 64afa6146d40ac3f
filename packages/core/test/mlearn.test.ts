import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KBAR_IN_EV_PER_A3, mlearnVirialToStress, readMlearnRecords, type MlearnShearOrder } from '../src/io/mlearn.js';
import type { Structure } from '../src/structure.js';

const DATA = new URL('../../../data/mlearn/', import.meta.url);

interface RawRecord {
  num_atoms: number;
  group: string;
  description: string;
  structure: { lattice: { matrix: number[][] }; sites: { xyz: number[]; species: { element: string }[] }[] };
  outputs: { energy: number; forces: number[][]; virial_stress: number[] };
}

/** Every <El>/<set>.json shipped in data/mlearn. */
const FILES = readdirSync(DATA, { withFileTypes: true })
  .filter((d) => d.isDirectory() && /^[A-Z][a-z]?$/.test(d.name))
  .flatMap((d) => readdirSync(new URL(`${d.name}/`, DATA)).filter((f) => f.endsWith('.json')).map((f) => `${d.name}/${f}`))
  .sort();

const load = (file: string) => readFileSync(new URL(file, DATA), 'utf8');

describe('mlearn data set', () => {
  it('ships training and test sets of Ge, Li, Mo, Si and test sets of Cu, Ni', () => {
    expect(FILES).toEqual([
      'Cu/test.json', 'Ge/test.json', 'Ge/training.json', 'Li/test.json', 'Li/training.json',
      'Mo/test.json', 'Mo/training.json', 'Ni/test.json', 'Si/test.json', 'Si/training.json',
    ]);
  });

  it.each(FILES)('reads every record of %s', (file) => {
    const text = load(file);
    const raw: RawRecord[] = JSON.parse(text);
    const structures = readMlearnRecords(text);
    expect(structures.length).toBe(raw.length);
    expect(structures.length).toBeGreaterThan(0);
    structures.forEach((s, k) => {
      const r = raw[k];
      expect(s.length).toBe(r.num_atoms);
      expect(s.pbc).toEqual([true, true, true]);
      expect(Array.from(s.cell)).toEqual(r.structure.lattice.matrix.flat());
      expect(Array.from(s.positions)).toEqual(r.structure.sites.flatMap((site) => site.xyz));
      expect(s.symbols()).toEqual(r.structure.sites.map((site) => site.species[0].element));
      expect(Number.isFinite(s.info.energy)).toBe(true);
      expect(s.info.energy).toBe(r.outputs.energy);
      expect(r.outputs.forces).toHaveLength(r.num_atoms);
      expect(Array.from(s.arrays.forces as Float64Array)).toEqual(r.outputs.forces.flat());
      expect(Array.from(s.info.virial_stress as Float64Array)).toEqual(r.outputs.virial_stress);
      expect(s.info.stress).toHaveLength(6);
      expect(s.info.group).toBe(r.group);
      expect(s.info.description).toBe(r.description);
      expect(s.volume()).toBeGreaterThan(0);
    });
  });

  it('accepts the already-parsed array as well as the text', () => {
    const text = load('Si/test.json');
    expect(readMlearnRecords(JSON.parse(text))).toStrictEqual(readMlearnRecords(text));
  });
});

describe('mlearn virial_stress → ASE stress', () => {
  it('converts kbar (compression positive) to eV/Å³ (tension positive) in ASE Voigt order', () => {
    // 1 kbar = 0.1 GPa, and ASE's units.GPa = 1 / 160.21766208 eV/Å³.
    expect(KBAR_IN_EV_PER_A3).toBeCloseTo(6.241509125883258e-4, 15);
    const k = KBAR_IN_EV_PER_A3;
    // VASP order xx yy zz xy yz zx → ASE order xx yy zz yz xz xy.
    expect(Array.from(mlearnVirialToStress([1, 2, 3, 4, 5, 6], 'xy yz zx'))).toEqual([-1, -2, -3, -5, -6, -4].map((v) => v * k));
    expect(Array.from(mlearnVirialToStress([1, 2, 3, 4, 5, 6], 'xy zx yz'))).toEqual([-1, -2, -3, -6, -5, -4].map((v) => v * k));
    expect(() => mlearnVirialToStress([1, 2, 3], 'xy yz zx')).toThrow(/virial_stress must have 6 values, got 3/);
    expect(() => mlearnVirialToStress([1, 2, 3, 4, 5, 6], 'yz' as MlearnShearOrder)).toThrow(/shearOrder must be/);
  });

  /**
   * Energy–work consistency of the Elastic group: between two neighbouring strains of one mode,
   * E2 − E1 = ∫ V tr(σ L) dt with L = Ḟ F⁻¹ along the straight path between the cells H1 → H2
   * (rows = lattice vectors), where V tr(σ L) = V tr(H⁻¹ ΔH σ) for symmetric σ in ASE's sign
   * (tension positive). Trapezoid rule on the two end points. Fitting ΔE = slope · work over every
   * pair gives slope ≈ 1 only with the right unit, sign and component order.
   */
  function workFit(structures: Structure[]): { slope: number; r2: number; pairs: number } {
    const series = new Map<string, { strain: number; s: Structure }[]>();
    for (const s of structures) {
      const m = /^(.*), mode (\d+), strain (\S+)$/.exec(String(s.info.description));
      if (s.info.group !== 'Elastic' || m === null) continue;
      const key = `${m[1]}|${m[2]}`;
      series.set(key, [...(series.get(key) ?? []), { strain: Number(m[3]), s }]);
    }
    const x: number[] = [];
    const y: number[] = [];
    for (const points of series.values()) {
      points.sort((a, b) => a.strain - b.strain);
      for (let k = 0; k + 1 < points.length; k++) {
        const [a, b] = [points[k].s, points[k + 1].s];
        const dH = Array.from(a.cell, (v, q) => b.cell[q] - v);
        x.push((power(a, dH) + power(b, dH)) / 2);
        y.push((b.info.energy as number) - (a.info.energy as number));
      }
    }
    const slope = dot(x, y) / dot(x, x);
    const mean = y.reduce((p, v) => p + v, 0) / y.length;
    const residual = y.reduce((p, v, q) => p + (v - slope * x[q]) ** 2, 0);
    const total = y.reduce((p, v) => p + (v - mean) ** 2, 0);
    return { slope, r2: 1 - residual / total, pairs: x.length };
  }

  function power(s: Structure, dH: number[]): number {
    const [xx, yy, zz, yz, xz, xy] = Array.from(s.info.stress as Float64Array);
    const sigma = [xx, xy, xz, xy, yy, yz, xz, yz, zz];
    const hInv = inverse3(s.cell);
    const m = matmul(matmul(hInv, dH), sigma);
    return s.volume() * (m[0] + m[4] + m[8]);
  }

  const cases: [string, number][] = [['Si/training.json', 48], ['Ge/training.json', 48], ['Mo/training.json', 48]];

  it.each(cases)('%s: ΔE equals the stress work with slope 1 (R² > 0.999)', (file, pairs) => {
    const fit = workFit(readMlearnRecords(load(file)));
    expect(fit.pairs).toBe(pairs);
    expect(fit.slope).toBeGreaterThan(0.97);
    expect(fit.slope).toBeLessThan(1.03);
    expect(fit.r2).toBeGreaterThan(0.999);
  });

  /**
   * Per record: a sheared cell (off-diagonal of the left Cauchy–Green tensor HᵀH ∝ F Fᵀ) must show
   * its largest shear stress in the same component, with the same sign (tension positive).
   * This checks Cu and Ni too, whose few Elastic records give too few pairs for the work fit.
   */
  it.each(FILES)('%s: the sheared component of each Elastic cell carries the largest shear stress', (file) => {
    let sheared = 0;
    for (const s of readMlearnRecords(load(file))) {
      if (s.info.group !== 'Elastic') continue;
      const h = s.cell;
      const b = (i: number, j: number) => h[i] * h[j] + h[3 + i] * h[3 + j] + h[6 + i] * h[6 + j];
      const shear: Record<string, number> = { yz: b(1, 2), xz: b(0, 2), xy: b(0, 1) };
      const [, , , yz, xz, xy] = Array.from(s.info.stress as Float64Array);
      const stress: Record<string, number> = { yz, xz, xy };
      const largest = (o: Record<string, number>) => Object.keys(o).reduce((p, q) => (Math.abs(o[q]) > Math.abs(o[p]) ? q : p));
      const applied = largest(shear);
      if (Math.abs(shear[applied]) < 1e-3 * ((b(0, 0) + b(1, 1) + b(2, 2)) / 3)) continue;
      sheared++;
      expect(largest(stress), `${s.info.description}`).toBe(applied);
      // Li's strains are ±0.005, where a ~1 kbar residual shear stress of its reference cell outweighs the response.
      if (!file.startsWith('Li/')) expect(Math.sign(stress[applied]), `${s.info.description}`).toBe(Math.sign(shear[applied]));
    }
    expect(sheared).toBeGreaterThan(0);
  });

  it('the opposite sign or the other shear order breaks the energy–work balance', () => {
    const si = readMlearnRecords(load('Si/training.json'));
    const flipped = si.map((s) => Object.assign(Object.create(Object.getPrototypeOf(s)), s, { info: { ...s.info, stress: (s.info.stress as Float64Array).map((v) => -v) } }));
    expect(workFit(flipped).slope).toBeLessThan(-0.97);
    // Si's shears are VASP's xy yz zx; Mo's are xy zx yz. Swapping either spoils the fit.
    expect(workFit(readMlearnRecords(load('Si/training.json'), { shearOrder: 'xy zx yz' })).r2).toBeLessThan(0.99);
    expect(workFit(readMlearnRecords(load('Mo/training.json'), { shearOrder: 'xy yz zx' })).r2).toBeLessThan(0.99);
  });
});

function dot(a: number[], b: number[]): number {
  return a.reduce((p, v, q) => p + v * b[q], 0);
}

function matmul(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) out[3 * i + j] += a[3 * i + k] * b[3 * k + j];
  return out;
}

function inverse3(m: ArrayLike<number>): number[] {
  const [a, b, c, d, e, f, g, h, i] = Array.from(m);
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  return [e * i - f * h, c * h - b * i, b * f - c * e, f * g - d * i, a * i - c * g, c * d - a * f, d * h - e * g, b * g - a * h, a * e - b * d].map((v) => v / det);
}
