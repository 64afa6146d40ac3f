// LinearPotential on DensityCorrelations (ν = 4, PCA-compressed): the body-ordered linear model.
import { init as initDensity } from '@equikit/density';
import { describe, expect, it } from 'vitest';
import { LinearPotential, type FeatureConfig } from '../src/linear/index.js';
import { moved, randomStructure, seeded, withTargets } from './structures.js';

await initDensity();

const FEATURES: FeatureConfig = {
  type: 'density-correlations',
  expansion: {
    cutoff: { radius: 3.5, smoothing: { type: 'shifted-cosine', width: 0.5 } },
    density: { type: 'gaussian', width: 0.5 },
    basis: { maxAngular: 1, radial: { type: 'gto', maxRadial: 2 } },
  },
  options: { maxCorrelationOrder: 4, compression: { components: 4 } },
};

/** Targets from a smooth pair potential, so the fit has something physical to learn. */
function pairLabelled(seed: number, count: number) {
  const r = seeded(seed);
  return Array.from({ length: count }, (_, k) => {
    const s = randomStructure(r, 3 + (k % 3), [14, 8], true, 3.7);
    const n = s.length;
    let energy = 0;
    const forces = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const d = [0, 1, 2].map((x) => s.positions[3 * j + x] - s.positions[3 * i + x]);
        const dist = Math.hypot(...d);
        energy += Math.exp(-dist);
        for (let x = 0; x < 3; x++) {
          forces[3 * i + x] -= (Math.exp(-dist) * d[x]) / dist;
          forces[3 * j + x] += (Math.exp(-dist) * d[x]) / dist;
        }
      }
    }
    return withTargets(s, energy - 2 * n, forces);
  });
}

describe('LinearPotential with density-correlations features', () => {
  const train = pairLabelled(1, 6);

  it('fits the PCA on the training set, predicts forces = −∇E, and saves and restores bit for bit', async () => {
    const model = await LinearPotential.fit(train, { features: FEATURES, targets: { stress: false }, regularization: 1e-6 });
    const json = model.toJSON();
    expect(json.featureState).not.toBeNull();
    expect(model.size).toBe(16);
    const s = pairLabelled(2, 1)[0];
    const p = model.predict(s);
    const h = 1e-3;
    const energy = (d: number, k: number, x: number) => model.predict(moved(s, k, x, d)).energy;
    for (let k = 0; k < s.length; k++) {
      for (let x = 0; x < 3; x++) {
        const central = (step: number) => (energy(step, k, x) - energy(-step, k, x)) / (2 * step);
        const fd = (4 * central(h / 2) - central(h)) / 3;
        expect(Math.abs(p.forces[3 * k + x] + fd)).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
      }
    }
    const text = JSON.stringify(json);
    const back = LinearPotential.fromJSON(text);
    expect(JSON.stringify(back.toJSON())).toBe(text);
    const q = back.predict(s);
    expect(Object.is(q.energy, p.energy)).toBe(true);
    q.forces.forEach((v, k) => expect(Object.is(v, p.forces[k])).toBe(true));
  });
});
