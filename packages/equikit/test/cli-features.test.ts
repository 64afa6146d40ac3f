import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNpz, loadTensorMap, readExtxyz } from '@equikit/core';
import { PowerSpectrum } from '@equikit/correlations';
import { main, EXAMPLE_FILE } from '../src/cli/main.js';
import { parseArgs, UsageError } from '../src/cli/args.js';
import { createProgress } from '../src/cli/progress.js';
import { SOAP_HYPERS } from '../src/cli/presets.js';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const progress: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), progress: { write: (t) => progress.push(t) } });
  return { code, out: out.join('\n'), err: err.join('\n'), progress: progress.join('') };
}

describe('equikit features', () => {
  const dir = mkdtempSync(join(tmpdir(), 'equikit-features-'));
  const frames = readExtxyz(readFileSync(EXAMPLE_FILE, 'utf8')).slice(0, 2);

  it('writes .npz rows equal to PowerSpectrum.computeDense of each frame', async () => {
    const path = join(dir, 'si.npz');
    const { code, out, progress } = await run(['features', EXAMPLE_FILE, '--preset', 'soap', '--out', path]);
    expect(code).toBe(0);
    expect(out).toMatch(/wrote 442 × \d+ soap features of 8 frames/);
    expect(progress).toMatch(/features: 100% \(8\/8\)/);
    const arrays = loadNpz(new Uint8Array(readFileSync(path)));
    const features = arrays.features;
    if (features.kind !== 'f8') throw new Error('features should be f8');
    const calc = new PowerSpectrum(SOAP_HYPERS);
    const expected = calc.computeDense(frames[1], { species: [14] }).values;
    const size = features.shape[1];
    const start = frames[0].length * size;
    expect(Array.from(features.data.subarray(start, start + expected.length))).toEqual(Array.from(expected));
    expect(Array.from(arrays.system.data.subarray(0, 2))).toEqual([0, 0]);
  });

  it('writes metatensor .mts whose blocks hold the same features', async () => {
    const path = join(dir, 'si.mts');
    expect((await run(['features', EXAMPLE_FILE, '--out', path])).code).toBe(0);
    const tensor = loadTensorMap(new Uint8Array(readFileSync(path)));
    expect(tensor.keys.names).toEqual(['center_type', 'neighbor_1_type', 'neighbor_2_type']);
    const block = tensor.block(0);
    expect(block.samples.names).toEqual(['system', 'atom']);
    expect(block.samples.count).toBe(442);
    const dense = new PowerSpectrum(SOAP_HYPERS).computeDense(frames[0], { species: [14] });
    // the same numbers, whatever the property order: compare sorted rows of atom 0
    const row = Array.from(block.values.subarray(0, dense.size)).sort();
    expect(row).toEqual(Array.from(dense.values.subarray(0, dense.size)).sort());
  });

  it('writes .json with one feature row per atom', async () => {
    const path = join(dir, 'si.json');
    expect((await run(['features', EXAMPLE_FILE, '-o', path])).code).toBe(0);
    const json = JSON.parse(readFileSync(path, 'utf8'));
    expect(json.frames).toHaveLength(8);
    expect(json.frames[0].features).toHaveLength(frames[0].length);
    expect(json.frames[0].features[0]).toHaveLength(json.size);
  });

  it('reports usage errors in one line with exit code 2', async () => {
    const noOut = await run(['features', EXAMPLE_FILE]);
    expect(noOut.code).toBe(2);
    expect(noOut.err.split('\n')[0]).toBe('equikit features: --out is required');
    expect((await run(['features', EXAMPLE_FILE, '--out', join(dir, 'x.csv')])).err).toMatch(/--out must end in .npz, .mts or .json/);
    expect((await run(['features', EXAMPLE_FILE, '--preset', 'gap', '--out', join(dir, 'x.npz')])).err).toMatch(/--preset must be one of soap/);
    expect((await run(['features', EXAMPLE_FILE, '--frobnicate', '--out', join(dir, 'x.npz')])).err).toMatch(/unknown option --frobnicate/);
    const missing = await run(['features', join(dir, 'nope.xyz'), '--out', join(dir, 'x.npz')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nope.xyz: no such file/);
    expect(missing.err).not.toMatch(/at .*\.ts/);
    expect((await run(['features', join(dir, 'nope.xyz'), '--out', join(dir, 'x.npz'), '--debug'])).err).toMatch(/Error: .*no such file\n\s+at /);
  });
});

describe('CLI helpers', () => {
  it('parses flags strictly', () => {
    expect(parseArgs(['a', '--out=x.npz', '-p', 'soap', '--json'], { values: ['out', 'preset'], booleans: ['json'], aliases: { p: 'preset' } })).toEqual({
      positionals: ['a'],
      flags: { out: 'x.npz', preset: 'soap', json: true },
    });
    expect(() => parseArgs(['--out'], { values: ['out'] })).toThrow(UsageError);
    expect(() => parseArgs(['--json=1'], { values: [], booleans: ['json'] })).toThrow(/takes no value/);
  });

  it('draws a bar with rate and time left on a TTY, and plain lines every 10 % elsewhere', () => {
    let t = 0;
    const tty: string[] = [];
    const bar = createProgress('fit', 'frames', { write: (s) => tty.push(s), isTTY: true }, () => t);
    t = 1000;
    bar.update(5, 10);
    expect(tty[0]).toMatch(/^\rfit \[#{12} {12}\]  50% 5\/10 5\.00 frames\/s, 0:01 left/);
    const plain: string[] = [];
    const lines = createProgress('fit', 'frames', { write: (s) => plain.push(s) }, () => t);
    for (let k = 1; k <= 100; k++) lines.update(k, 100);
    lines.finish();
    expect(plain).toHaveLength(11); // at 1 %, then every 10 %
    expect(plain[10]).toMatch(/^fit: 100% \(100\/100\)/);
  });
});
