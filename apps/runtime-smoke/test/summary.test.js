import { describe, expect, it } from 'vitest';
import { summarize } from '../src/summary.js';

describe('summarize', () => {
  it('adds passes and failures over runtimes, keeping skips apart', () => {
    const summary = summarize([
      { runtime: 'node', results: [{ status: 'pass' }, { status: 'skip' }, { status: 'fail' }] },
      { runtime: 'deno', results: [{ status: 'pass' }, { status: 'pass' }] },
    ]);
    expect(summary).toMatchObject({ numPassedTests: 3, numFailedTests: 1, numSkippedTests: 1 });
    expect(summary.runtimes.map((r) => [r.runtime, r.passed, r.failed, r.skipped])).toEqual([
      ['node', 1, 1, 1],
      ['deno', 2, 0, 0],
    ]);
  });
  it('counts a runtime that crashed before reporting as a failure', () => {
    const summary = summarize([{ runtime: 'bun', crashed: 'exited with code 1 without reporting results' }]);
    expect(summary).toMatchObject({ numPassedTests: 0, numFailedTests: 1 });
    expect(summary.runtimes[0].crashed).toMatch(/without reporting/);
  });
});
