import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readExtxyz } from '@equikit/core';
import { fitAndPredict } from '../src/fit-and-predict.js';

const app = fileURLToPath(new URL('..', import.meta.url));
const root = join(app, '..', '..');
const example = join(root, 'packages', 'equikit', 'examples', 'si-mlearn-test.xyz');
const text = readFileSync(example, 'utf8');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

describe('runtime examples', async () => {
  const node = await fitAndPredict(text);

  it.each([
    ['deno', [bin('deno'), 'run', '--allow-read', '--no-prompt', 'src/deno.js']],
    ['bun', [bin('bun'), 'src/bun.js']],
  ])('the %s script fits and predicts exactly as Node does', (runtime, [command, ...args]) => {
    const out = execFileSync(command, args, { cwd: app, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
    expect(out).toMatch(new RegExp(`^${runtime} [\\d.]+: fitted on 5 frames, tested on 3`));
    const energy = Number(/E = (-?[\d.]+) eV/.exec(out)![1]);
    expect(energy).toBeCloseTo(node.energy, 5);
    const mae = Number(/energy MAE ([\d.]+) meV\/atom/.exec(out)![1]);
    expect(mae).toBeCloseTo(node.errors.energy!.mae, 2);
  }, 150_000);

  it('the Workers handler serves energies and forces from precompiled modules only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'equikit-worker-'));
    // the test frame with the largest forces: a symmetric crystal would have forces ~ 0
    const test = readExtxyz(text).slice(5);
    const norm = (s: (typeof test)[number]) => (s.arrays.forces as Float64Array).reduce((a, f) => a + f * f, 0);
    const structure = test.reduce((best, s) => (norm(s) > norm(best) ? s : best));
    writeFileSync(join(dir, 'model.json'), JSON.stringify(node.model.toJSON()));
    writeFileSync(join(dir, 'request.json'), JSON.stringify({ positions: Array.from(structure.positions), numbers: Array.from(structure.numbers), cell: Array.from(structure.cell), pbc: structure.pbc }));
    const out = execFileSync(process.execPath, [join(app, 'test', 'worker-child.js'), dir], { cwd: app, encoding: 'utf8', timeout: 120_000 });
    const { responses, compiledFromBytes } = JSON.parse(out.trim().split('\n').pop()!);
    expect(compiledFromBytes).toBe(0);
    const [ok, bad, notJson, get] = responses;
    expect(ok.status).toBe(200);
    const expected = node.model.predict(structure);
    expect(ok.body.energy).toBe(expected.energy);
    expect(ok.body.forces).toEqual(Array.from(expected.forces));
    expect(ok.body.stress).toEqual(Array.from(expected.stress!));
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/positions/);
    expect(notJson.status).toBe(400);
    expect(get.status).toBe(405);
  });
});
