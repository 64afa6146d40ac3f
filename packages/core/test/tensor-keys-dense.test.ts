// keysToProperties / keysToSamples against an independent dense reference:
// every block is filled from a closed-form value f(key, sample, component,
// property); after moving keys, every element of the result is recomputed from
// the labels it sits under and a plain description of which blocks, samples,
// properties and gradient rows existed. No index arithmetic of the library is reused.

import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/random.js';
import { Labels, TensorBlock, TensorMap } from '../src/tensor/index.js';


interface BlockSpec {
  a: number;
  b: number;
  samples: [number, number][]; // (system, atom), in block order (not sorted)
  properties: number[]; // n, in block order
  gradients: [number, number][]; // (sample index into `samples`, neighbour atom)
}

const C = 2; // component 'c'
const X = 3; // gradient component 'xyz'

const value = (a: number, b: number, system: number, atom: number, c: number, n: number) => a * 1e6 + b * 1e5 + system * 1e4 + atom * 1e3 + c * 100 + n + 0.25;
const gradientValue = (a: number, b: number, system: number, atom: number, neighbour: number, x: number, c: number, n: number) =>
  -(a * 1e7 + b * 1e6 + system * 1e5 + atom * 1e4 + neighbour * 1e3 + x * 100 + c * 10 + n) - 0.5;

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function subset<T>(items: T[], random: () => number, keep: number): T[] {
  const chosen = items.filter(() => random() < keep);
  return chosen.length > 0 ? chosen : [items[0]];
}

function makeSpecs(seed: number, sameProperties: boolean): BlockSpec[] {
  const random = mulberry32(seed);
  const specs: BlockSpec[] = [];
  const shared = subset([0, 1, 2, 3, 4], random, 0.6);
  for (const [a, b] of shuffle([[0, 0], [0, 1], [1, 0], [1, 1], [2, 0], [2, 1], [3, 1]], random)) {
    if (specs.length > 0 && random() < 0.2) continue;
    const grid: [number, number][] = [];
    for (let system = 0; system < 3; system++) for (let atom = 0; atom < 4; atom++) grid.push([system, atom]);
    const samples = shuffle(subset(grid, random, 0.5), random);
    const properties = sameProperties ? shared : shuffle(subset([0, 1, 2, 3, 4], random, 0.6), random);
    const gradients: [number, number][] = [];
    samples.forEach((_, s) => {
      for (let neighbour = 0; neighbour < 4; neighbour++) if (random() < 0.4) gradients.push([s, neighbour]);
    });
    specs.push({ a, b, samples, properties, gradients });
  }
  return specs;
}

function buildMap(specs: BlockSpec[]): TensorMap {
  const blocks = specs.map(({ a, b, samples, properties, gradients }) => {
    const P = properties.length;
    const values = new Float64Array(samples.length * C * P);
    samples.forEach(([system, atom], s) => {
      for (let c = 0; c < C; c++) properties.forEach((n, p) => (values[(s * C + c) * P + p] = value(a, b, system, atom, c, n)));
    });
    const block = new TensorBlock(values, new Labels(['system', 'atom'], samples), [Labels.range('c', C)], new Labels(['n'], properties.map((n) => [n])));
    const gradientValues = new Float64Array(gradients.length * X * C * P);
    gradients.forEach(([s, neighbour], g) => {
      const [system, atom] = samples[s];
      for (let x = 0; x < X; x++)
        for (let c = 0; c < C; c++) properties.forEach((n, p) => (gradientValues[((g * X + x) * C + c) * P + p] = gradientValue(a, b, system, atom, neighbour, x, c, n)));
    });
    const gradientSamples = new Labels(['sample', 'neighbour'], gradients.map(([s, neighbour]) => [s, neighbour]));
    block.addGradient('positions', new TensorBlock(gradientValues, gradientSamples, [Labels.range('xyz', X), Labels.range('c', C)], block.properties));
    return block;
  });
  return new TensorMap(new Labels(['a', 'b'], specs.map(({ a, b }) => [a, b])), blocks);
}

/** What existed in the input, as plain string sets. */
function describeInput(specs: BlockSpec[]) {
  const sample = new Set<string>();
  const property = new Set<string>();
  const gradient = new Set<string>();
  for (const { a, b, samples, properties, gradients } of specs) {
    for (const [system, atom] of samples) sample.add(`${a},${b}|${system},${atom}`);
    for (const n of properties) property.add(`${a},${b}|${n}`);
    for (const [s, neighbour] of gradients) gradient.add(`${a},${b}|${samples[s][0]},${samples[s][1]},${neighbour}`);
  }
  return { sample, property, gradient };
}

const compareRows = (x: number[], y: number[]) => {
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return x[k] - y[k];
  return 0;
};
const rows = (labels: Labels) => Array.from({ length: labels.count }, (_, i) => Array.from(labels.entry(i)));

describe.each([
  { seed: 1, fillValue: 0 },
  { seed: 2, fillValue: -7.5 },
  { seed: 3, fillValue: 0 },
  { seed: 4, fillValue: 123 },
])('dense reference, seed $seed, fill $fillValue', ({ seed, fillValue }) => {
  it('keysToProperties("a"): every element, every gradient element', () => {
    const specs = makeSpecs(seed, false);
    const input = describeInput(specs);
    const map = buildMap(specs);
    const snapshot = map.blocks().map((b) => Array.from(b.values));
    const moved = map.keysToProperties('a', { fillValue });

    // the input is untouched and nothing is shared
    map.blocks().forEach((b, i) => expect(Array.from(b.values)).toEqual(snapshot[i]));
    for (const out of moved.blocks()) for (const original of map.blocks()) expect(out.values.buffer).not.toBe(original.values.buffer);

    const bs = [...new Set(specs.map((s) => s.b))];
    expect(moved.keys.names).toEqual(['b']);
    expect(rows(moved.keys)).toEqual(bs.map((b) => [b]));
    for (const b of bs) {
      const group = specs.filter((s) => s.b === b);
      const block = moved.block({ b });
      // samples: sorted union; properties: each block's (a, n) in key order
      const union = [...new Set(group.flatMap((s) => s.samples.map((x) => x.join(','))))].map((x) => x.split(',').map(Number)).sort(compareRows);
      expect(rows(block.samples)).toEqual(union);
      expect(block.properties.names).toEqual(['a', 'n']);
      expect(rows(block.properties)).toEqual(group.flatMap((s) => s.properties.map((n) => [s.a, n])));

      const P = block.properties.count;
      for (let i = 0; i < block.samples.count; i++) {
        const [system, atom] = block.samples.entry(i);
        for (let c = 0; c < C; c++)
          for (let j = 0; j < P; j++) {
            const [a, n] = block.properties.entry(j);
            const present = input.sample.has(`${a},${b}|${system},${atom}`) && input.property.has(`${a},${b}|${n}`);
            expect(block.values[(i * C + c) * P + j]).toBe(present ? value(a, b, system, atom, c, n) : fillValue);
          }
      }

      const gradient = block.gradient('positions');
      const expectedRows = group
        .flatMap((s) => s.gradients.map(([k, neighbour]) => [union.findIndex((u) => u[0] === s.samples[k][0] && u[1] === s.samples[k][1]), neighbour]))
        .filter((r, i, all) => all.findIndex((q) => q[0] === r[0] && q[1] === r[1]) === i)
        .sort(compareRows);
      expect(rows(gradient.samples)).toEqual(expectedRows);
      for (let g = 0; g < gradient.samples.count; g++) {
        const [parent, neighbour] = gradient.samples.entry(g);
        const [system, atom] = block.samples.entry(parent);
        for (let x = 0; x < X; x++)
          for (let c = 0; c < C; c++)
            for (let j = 0; j < P; j++) {
              const [a, n] = block.properties.entry(j);
              const present = input.gradient.has(`${a},${b}|${system},${atom},${neighbour}`) && input.property.has(`${a},${b}|${n}`);
              expect(gradient.values[((g * X + x) * C + c) * P + j]).toBe(present ? gradientValue(a, b, system, atom, neighbour, x, c, n) : fillValue);
            }
      }
    }
  });

  it('keysToProperties(Labels with entries): requested keys only, absent ones filled', () => {
    const specs = makeSpecs(seed, true);
    const input = describeInput(specs);
    const requested = [5, 2, 0]; // a = 5 never exists; order is kept
    const moved = buildMap(specs).keysToProperties(new Labels(['a'], requested.map((a) => [a])), { fillValue, sortSamples: false });
    for (const b of new Set(specs.map((s) => s.b))) {
      const group = specs.filter((s) => s.b === b);
      const block = moved.block({ b });
      // every block's samples, in order of appearance (sortSamples: false), even from blocks not requested
      const union = [...new Set(group.flatMap((s) => s.samples.map((x) => x.join(','))))].map((x) => x.split(',').map(Number));
      expect(rows(block.samples)).toEqual(union);
      const properties = group[0].properties;
      expect(rows(block.properties)).toEqual(requested.flatMap((a) => properties.map((n) => [a, n])));
      const P = block.properties.count;
      for (let i = 0; i < block.samples.count; i++) {
        const [system, atom] = block.samples.entry(i);
        for (let c = 0; c < C; c++)
          for (let j = 0; j < P; j++) {
            const [a, n] = block.properties.entry(j);
            const present = input.sample.has(`${a},${b}|${system},${atom}`);
            expect(block.values[(i * C + c) * P + j]).toBe(present ? value(a, b, system, atom, c, n) : fillValue);
          }
      }
    }
  });

  it('keysToSamples("b"): every element, properties merged into their union', () => {
    const specs = makeSpecs(seed, false);
    const input = describeInput(specs);
    const moved = buildMap(specs).keysToSamples('b', { fillValue });
    const as = [...new Set(specs.map((s) => s.a))];
    expect(rows(moved.keys)).toEqual(as.map((a) => [a]));
    for (const a of as) {
      const group = specs.filter((s) => s.a === a);
      const block = moved.block({ a });
      expect(block.samples.names).toEqual(['system', 'atom', 'b']);
      const union = group.flatMap((s) => s.samples.map(([system, atom]) => [system, atom, s.b])).sort(compareRows);
      expect(rows(block.samples)).toEqual(union);
      expect(rows(block.properties)).toEqual([...new Set(group.flatMap((s) => s.properties))].map((n) => [n]));
      const P = block.properties.count;
      for (let i = 0; i < block.samples.count; i++) {
        const [system, atom, b] = block.samples.entry(i);
        for (let c = 0; c < C; c++)
          for (let j = 0; j < P; j++) {
            const [n] = block.properties.entry(j);
            const present = input.property.has(`${a},${b}|${n}`);
            expect(block.values[(i * C + c) * P + j]).toBe(present ? value(a, b, system, atom, c, n) : fillValue);
          }
      }
      const gradient = block.gradient('positions');
      const gradientRows = group
        .flatMap((s) => s.gradients.map(([k, neighbour]) => [union.findIndex((u) => compareRows(u, [...s.samples[k], s.b]) === 0), neighbour]))
        .sort(compareRows);
      expect(rows(gradient.samples)).toEqual(gradientRows);
      for (let g = 0; g < gradient.samples.count; g++) {
        const [parent, neighbour] = gradient.samples.entry(g);
        const [system, atom, b] = block.samples.entry(parent);
        expect(input.gradient.has(`${a},${b}|${system},${atom},${neighbour}`)).toBe(true);
        for (let x = 0; x < X; x++)
          for (let c = 0; c < C; c++)
            for (let j = 0; j < P; j++) {
              const [n] = block.properties.entry(j);
              const present = input.property.has(`${a},${b}|${n}`);
              expect(gradient.values[((g * X + x) * C + c) * P + j]).toBe(present ? gradientValue(a, b, system, atom, neighbour, x, c, n) : fillValue);
            }
      }
    }
  });

  it('moving every key leaves a single `_` key and one dense block', () => {
    const specs = makeSpecs(seed, false);
    const input = describeInput(specs);
    const moved = buildMap(specs).keysToSamples(['a', 'b'], { fillValue });
    expect(moved.keys.names).toEqual(['_']);
    expect(rows(moved.keys)).toEqual([[0]]);
    const block = moved.block(0);
    expect(block.samples.names).toEqual(['system', 'atom', 'a', 'b']);
    expect(block.samples.count).toBe(input.sample.size);
    const P = block.properties.count;
    for (let i = 0; i < block.samples.count; i++) {
      const [system, atom, a, b] = block.samples.entry(i);
      for (let j = 0; j < P; j++) {
        const [n] = block.properties.entry(j);
        expect(block.values[(i * C + 1) * P + j]).toBe(input.property.has(`${a},${b}|${n}`) ? value(a, b, system, atom, 1, n) : fillValue);
      }
    }
  });
});

describe('moving no key dimension', () => {
  it('keeps every block and its values, with samples sorted', () => {
    const specs = makeSpecs(5, false);
    const map = buildMap(specs);
    for (const moved of [map.keysToProperties([]), map.keysToSamples([])]) {
      expect(moved.keys.equals(map.keys)).toBe(true);
      specs.forEach((spec, k) => {
        const block = moved.block(k);
        const order = spec.samples.map((_, i) => i).sort((i, j) => compareRows(spec.samples[i], spec.samples[j]));
        expect(rows(block.samples)).toEqual(order.map((i) => spec.samples[i]));
        expect(rows(block.properties)).toEqual(spec.properties.map((n) => [n]));
        const P = spec.properties.length;
        order.forEach((i, row) => {
          const [system, atom] = spec.samples[i];
          spec.properties.forEach((n, p) => expect(block.values[(row * C + 1) * P + p]).toBe(value(spec.a, spec.b, system, atom, 1, n)));
        });
      });
    }
  });
});

describe('merge errors', () => {
  const map = () => buildMap(makeSpecs(11, false));

  it('name the key that is not there, and the empty map', () => {
    expect(() => map().keysToProperties('z')).toThrow(/keysToMove names must be among the keys' names \('a', 'b'\), got "z"/);
    expect(() => map().keysToSamples(['a', 'z'])).toThrow(/got "z"/);
    const empty = new TensorMap(Labels.empty(['a']), []);
    expect(() => empty.keysToProperties('a')).toThrow(/cannot move keys to properties: this TensorMap has no keys/);
    expect(() => empty.keysToSamples('a')).toThrow(/cannot move keys to samples: this TensorMap has no keys/);
  });

  it('reject bad arguments', () => {
    expect(() => map().keysToProperties(3 as unknown as string)).toThrow(/keysToMove must be a key name, an array of key names or Labels, got number/);
    expect(() => map().keysToProperties(['a', 'a'])).toThrow(/must be unique/);
    expect(() => map().keysToProperties('a', { fillValue: '0' as unknown as number })).toThrow(/options.fillValue must be a number, got "0"/);
    expect(() => map().keysToSamples('a', { sortSamples: 1 as unknown as boolean })).toThrow(/options.sortSamples must be a boolean/);
    expect(() => map().keysToSamples(new Labels(['a'], [[0]]))).toThrow(/keysToMove must not contain entries for keysToSamples/);
  });

  it('refuse given key entries when the merged blocks have different properties', () => {
    const keys = Labels.range('a', 2);
    const p = (values: number[]) => new Labels(['n'], values.map((v) => [v]));
    const tensor = new TensorMap(keys, [new TensorBlock(new Float64Array(1), Labels.range('s', 1), [], p([0])), new TensorBlock(new Float64Array(1), Labels.range('s', 1), [], p([1]))]);
    expect(() => tensor.keysToProperties(new Labels(['a'], [[0], [1]]))).toThrow(/the blocks to merge have different properties/);
    // with names only, different properties are fine
    expect(rows(tensor.keysToProperties('a').block(0).properties)).toEqual([[0, 0], [1, 1]]);
  });

  it('refuse blocks with different components, pointing to componentsToProperties', () => {
    const keys = Labels.range('a', 2);
    const block = (n: number) => new TensorBlock(new Float64Array(n), Labels.range('s', 1), [Labels.range('c', n)], Labels.range('n', 1));
    const tensor = new TensorMap(keys, [block(2), block(3)]);
    expect(() => tensor.keysToProperties('a')).toThrow(/different components; call componentsToProperties first/);
    expect(() => tensor.keysToSamples('a')).toThrow(/different components; call componentsToProperties first/);
    expect(tensor.componentsToProperties('c').keysToSamples('a').block(0).properties.count).toBe(3);
  });

  it('refuse a moved key whose name is already taken', () => {
    const tensor = new TensorMap(new Labels(['n'], [[0], [1]]), [0, 1].map(() => new TensorBlock(new Float64Array(1), Labels.range('s', 1), [], Labels.range('n', 1))));
    expect(() => tensor.keysToProperties('n')).toThrow(/the new property names would contain 'n' twice/);
    const samples = new TensorMap(new Labels(['s'], [[0], [1]]), [0, 1].map(() => new TensorBlock(new Float64Array(1), Labels.range('s', 1), [], Labels.range('n', 1))));
    expect(() => samples.keysToSamples('s')).toThrow(/the new sample names would contain 's' twice/);
  });
});
