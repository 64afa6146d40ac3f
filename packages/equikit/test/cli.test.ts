import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE_FILE, main } from '../src/cli/main.js';
import { cellParameters } from '../src/cli/summary.js';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('equikit CLI', () => {
  it('info summarises the shipped example', async () => {
    const { code, out } = await run(['info', EXAMPLE_FILE]);
    expect(code).toBe(0);
    expect(out).toMatch(/frames: 8 \(8 periodic\), atoms: 442/);
    expect(out).toMatch(/composition: Si 442/);
    expect(out).toMatch(/energy per atom: -5\.\d{4} … -4\.\d{4} eV/);
    expect(out).toMatch(/density expansion of frame 0 .*: 150 coefficients per atom/);
    expect(out).toMatch(/max relative change \d\.\de-1[3-6]/);
    expect(out).toMatch(/neighbours within 5 Å \(wasm-simd\): \d+ pairs, \d+ … \d+ per atom/);
  });

  it('info reads mlearn JSON records and extended XYZ', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'equikit-cli-'));
    const xyz = join(dir, 'h2o.xyz');
    writeFileSync(xyz, '3\nProperties=species:S:1:pos:R:3 energy=-14.2\nO 0 0 0\nH 0.96 0 0\nH -0.24 0.93 0\n');
    const { code, out } = await run(['info', xyz]);
    expect(code).toBe(0);
    expect(out).toMatch(/frames: 1 \(0 periodic\), atoms: 3/);
    expect(out).toMatch(/composition: O 1, H 2/);
    expect(out).toMatch(/energy per atom: -4\.7333 … -4\.7333 eV/);
  });

  it('reports bad files and bad usage without throwing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'equikit-cli-'));
    const bad = join(dir, 'bad.xyz');
    writeFileSync(bad, '2\ncomment\nSi 0 0 0\n');
    const truncated = await run(['info', bad]);
    expect(truncated.code).toBe(1);
    expect(truncated.err).toMatch(/equikit info: .*frame 0/);
    writeFileSync(join(dir, 'structures.cif'), 'data_x\n_cell_length_a 3\n');
    expect((await run(['info', join(dir, 'structures.cif')])).err).toMatch(/unknown file type/);
    expect((await run(['info'])).code).toBe(2);
    expect((await run(['frobnicate'])).err).toMatch(/unknown command "frobnicate"/);
    expect((await run([])).code).toBe(2);
  });
});

describe('cell parameters', () => {
  it('match a hexagonal cell worked out by hand', () => {
    const a = 3;
    const c = 5;
    const cell = new Float64Array([a, 0, 0, -a / 2, (a * Math.sqrt(3)) / 2, 0, 0, 0, c]);
    const [la, lb, lc, alpha, beta, gamma] = cellParameters(cell);
    expect([la, lb, lc]).toEqual([3, expect.closeTo(3, 12), 5]);
    expect(alpha).toBeCloseTo(90, 12);
    expect(beta).toBeCloseTo(90, 12);
    expect(gamma).toBeCloseTo(120, 12);
  });
});
