import { describe, expect, it } from 'vitest';
import { neighborList } from '@equikit/neighbors';
import { main } from '../src/cli/main.js';
import { diamondSilicon64 } from '../src/cli/commands/demo.js';

describe('equikit demo (npm start)', () => {
  it('fits on the embedded silicon data, prints test errors beside GAP and MTP, and runs MD', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['demo', '--steps', '4', '--regularization', '1e-8'], { out: (l) => out.push(l), err: (l) => err.push(l) });
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/214 training frames \(13233 atoms\), 25 test frames/);
    expect(text).toMatch(/GAP \(published\)\s+2\.91\s+0\.07/);
    expect(text).toMatch(/MTP \(published\)\s+2\.21\s+0\.06/);
    const ours = /equikit linear\s+([\d.]+)\s+([\d.]+)/.exec(text);
    expect(ours).not.toBeNull();
    // a sane fit, not a claim of accuracy (BENCHMARKS.md has that): within 10× of the published errors
    expect(Number(ours![1])).toBeLessThan(30);
    expect(Number(ours![2])).toBeLessThan(0.6);
    expect(text).toMatch(/MD: 4 Langevin steps of 1 fs at 300 K, 64-atom diamond cell: \d+ atoms × steps per second/);
  }, 120_000);

  it('builds a 64-atom diamond cell with four neighbours per atom at √3a/4', () => {
    const cell = diamondSilicon64(5.468);
    expect(cell.length).toBe(64);
    const list = neighborList(cell, { cutoff: 2.5 });
    expect(list.length).toBe(64 * 4); // full list: every bond both ways
    for (const d of list.distances) expect(d).toBeCloseTo((Math.sqrt(3) * 5.468) / 4, 12);
  });
});
