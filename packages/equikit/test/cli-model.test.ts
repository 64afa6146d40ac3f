import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readExtxyz, writeExtxyz } from '@equikit/core';
import { LinearPotential } from '@equikit/models';
import { main, EXAMPLE_FILE } from '../src/cli/main.js';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), progress: { write: () => {} } });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'equikit-model-'));
const frames = readExtxyz(readFileSync(EXAMPLE_FILE, 'utf8'));
const trainPath = join(dir, 'train.xyz');
const testPath = join(dir, 'test.xyz');
const modelPath = join(dir, 'model.json');
writeFileSync(trainPath, writeExtxyz(frames.slice(0, 5)));
writeFileSync(testPath, writeExtxyz(frames.slice(5)));

describe('equikit fit / eval / predict / md', () => {
  beforeAll(async () => {
    const fit = await run(['fit', '--train', trainPath, '--test', testPath, '--model', 'linear', '--regularization', '1e-6', '--out', modelPath]);
    expect(fit.err).toBe('');
    expect(fit.code).toBe(0);
    expect(fit.out).toMatch(/fitted a linear model \(soap\) on 5 frames/);
    expect(fit.out).toMatch(/energy: MAE [\d.]+ meV\/atom/);
  });

  it('eval --json prints the errors of the saved model', async () => {
    const { code, out } = await run(['eval', '--model', modelPath, testPath, '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.structures).toBe(3);
    expect(result.forces.count).toBe(3 * frames.slice(5).reduce((n, s) => n + s.length, 0));
    expect(result.energy.mae).toBeGreaterThan(0);
  });

  it('predict writes extended XYZ that holds exactly what the model predicts', async () => {
    const out = join(dir, 'predicted.xyz');
    expect((await run(['predict', '--model', modelPath, testPath, '-o', out])).code).toBe(0);
    const written = readExtxyz(readFileSync(out, 'utf8'));
    const model = LinearPotential.fromJSON(readFileSync(modelPath, 'utf8'));
    written.forEach((s, k) => {
      const p = model.predict(frames[5 + k]);
      expect(s.info.energy).toBe(p.energy);
      expect(Array.from(s.arrays.forces as Float64Array)).toEqual(Array.from(p.forces));
      expect(Array.from(s.info.stress as Float64Array)).toEqual(Array.from(p.stress!));
    });
  });

  it('md writes a trajectory every --interval steps', async () => {
    const out = join(dir, 'traj.xyz');
    const { code, out: text } = await run(['md', '--model', modelPath, testPath, '--steps', '6', '--dt', '0.5', '--temperature', '300', '--interval', '2', '-o', out]);
    expect(code).toBe(0);
    expect(text).toMatch(/6 steps of 0.5 fs \(Langevin, 300 K\) of \d+ atoms: \d+ atom·steps\/s/);
    const trajectory = readExtxyz(readFileSync(out, 'utf8'));
    expect(trajectory.map((s) => s.info.time)).toEqual([0, 1, 2, 3]);
    expect(Array.from(trajectory[0].positions)).toEqual(Array.from(frames[5].positions));
  });

  it('reports bad models and options in one line', async () => {
    const missing = await run(['eval', '--model', join(dir, 'none.json'), testPath]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/none.json: no such file/);
    writeFileSync(join(dir, 'other.json'), '{"format":"x"}');
    expect((await run(['eval', '--model', join(dir, 'other.json'), testPath])).err).toMatch(/not an equikit model/);
    expect((await run(['fit', '--train', trainPath, '--model', 'mtp', '--out', modelPath])).err).toMatch(/--model must be linear or sparse-gp/);
    expect((await run(['md', '--model', modelPath, testPath, '--steps', '-3', '-o', join(dir, 't.xyz')])).err).toMatch(/--steps must be an integer in \[1, /);
  });
});
