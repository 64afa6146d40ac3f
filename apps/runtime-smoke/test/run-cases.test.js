import { describe, expect, it } from 'vitest';
import { Skip } from '../src/check.js';
import { countResults, formatResult, runCases } from '../src/run-cases.js';

describe('runCases', () => {
  it('records pass with detail and notes, skip with its reason, and fail with the error', async () => {
    const results = await runCases(
      [
        { name: 'ok', run: (ctx) => (ctx.note(`on ${ctx.runtime}`), 'detail') },
        { name: 'skipped', run: () => { throw new Skip('not exported yet'); } },
        { name: 'broken', run: async () => { throw new RangeError('bad'); } },
      ],
      'test',
    );
    expect(results).toEqual([
      { name: 'ok', status: 'pass', detail: 'detail; on test' },
      { name: 'skipped', status: 'skip', detail: 'not exported yet' },
      { name: 'broken', status: 'fail', detail: 'RangeError: bad' },
    ]);
    expect(countResults(results)).toEqual({ passed: 1, failed: 1, skipped: 1 });
    expect(results.map((r) => formatResult('node', r))).toEqual([
      'PASS node ok — detail; on test',
      'SKIP node skipped — not exported yet',
      'FAIL node broken — RangeError: bad',
    ]);
  });
});
