import { describe, expect, it } from 'vitest';
import { EquivariantPotential, loadModel, loadWeights, saveModel, weightsToJson, type PotentialConfig } from '../src/index.js';
import { normals, seeded } from './helpers.js';

const config: PotentialConfig = { species: [1, 8], rMax: 3, lMax: 2, hidden: '3x0e+3x1o+3x2e', numInteractions: 2, numBasis: 5, radialHidden: [6], correlation: 2, seed: 4 };
const water = { positions: [0, 0, 0, 0.76, 0.59, 0, -0.76, 0.59, 0.1], numbers: [8, 1, 1] };

function bytes(a: Float64Array): number[] {
  return Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

describe('weights', () => {
  it('round-trip through JSON bit for bit (including −0 and subnormals), with identical predictions', () => {
    const model = new EquivariantPotential(config);
    const params = model.parameters();
    // awkward values: −0, subnormal, long mantissas
    params[0].data[0] = -0;
    params[0].data[1] = 5e-324;
    params[1].data.set(normals(seeded(3), params[1].size).map((x) => x / 3));
    model.shift.data.set([-1.2345678901234567, 0.1 + 0.2]);
    const json = saveModel(model);
    const copy = loadModel(json);
    copy.parameters().forEach((p, k) => expect(bytes(p.data)).toEqual(bytes(params[k].data)));
    expect(Object.is(copy.parameters()[0].data[0], -0)).toBe(true);
    const a = model.predict(water);
    const b = copy.predict(water);
    expect(b.energy).toBe(a.energy);
    expect(Array.from(b.forces)).toEqual(Array.from(a.forces));
    expect(copy.config).toEqual(model.config);
  });

  it('names parameters like a PyTorch state_dict, with their shapes', () => {
    const names = Object.keys(weightsToJson(new EquivariantPotential(config)).parameters);
    expect(names).toContain('embedding.weight');
    expect(names).toContain('interactions.0.radial.layer0.weight');
    expect(names).toContain('interactions.1.products.0.speciesWeight');
    expect(names).toContain('interactions.1.selfConnection.weight');
    expect(names).toContain('readout.weight');
    expect(new Set(names).size).toBe(names.length);
  });

  it('rejects files that do not fit, naming the parameter, and writes nothing then', () => {
    const model = new EquivariantPotential(config);
    const good = weightsToJson(model);
    const before = model.parameters().map((p) => p.data.slice());
    const broken = structuredClone(good);
    broken.parameters['readout.weight'].values[0] = 'x' as unknown as number;
    broken.parameters['embedding.weight'].values[0] = 123;
    expect(() => loadWeights(model, broken)).toThrow(/'readout.weight'\[0\] must be a finite number/);
    model.parameters().forEach((p, k) => expect(Array.from(p.data)).toEqual(Array.from(before[k])));
    const missing = structuredClone(good);
    delete missing.parameters['shift'];
    expect(() => loadWeights(model, missing)).toThrow(/'shift' is missing/);
    const shape = structuredClone(good);
    shape.parameters['shift'].shape = [3];
    expect(() => loadWeights(model, shape)).toThrow(/'shift' has shape \[3\], the model expects \[2\]/);
    const extra = structuredClone(good);
    extra.parameters['nope'] = { shape: [1], values: [1] };
    expect(() => loadWeights(model, extra)).toThrow(/'nope', which this model does not have/);
    expect(() => loadWeights(model, { ...good, format: 'x' as 'equikit-nn-weights' })).toThrow(/format/);
    expect(() => loadModel(JSON.stringify({ ...good, config: undefined }))).toThrow(/no model configuration/);
  });
});
