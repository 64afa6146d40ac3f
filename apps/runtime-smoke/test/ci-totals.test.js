import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectTotals, countVitestReport, sumRows } from '../src/ci-totals.js';

function workspace(root, path, manifest, report) {
  mkdirSync(join(root, path), { recursive: true });
  writeFileSync(join(root, path, 'package.json'), JSON.stringify(manifest));
  if (report !== undefined) writeFileSync(join(root, path, 'test-results.json'), typeof report === 'string' ? report : JSON.stringify(report));
}

describe('countVitestReport', () => {
  it('takes the passed and failed test counts', () => {
    expect(countVitestReport({ numPassedTests: 7, numFailedTests: 2, success: false, testResults: [] })).toEqual({ passed: 7, failed: 2 });
  });
  it('counts a test file that failed to load (no failed test in it) as one failure', () => {
    const report = { numPassedTests: 3, numFailedTests: 0, success: false, testResults: [{ status: 'failed', assertionResults: [] }, { status: 'passed', assertionResults: [{ status: 'passed' }] }] };
    expect(countVitestReport(report)).toEqual({ passed: 3, failed: 1 });
  });
});

describe('collectTotals', () => {
  it('sums every workspace report and the smoke report, and flags a workspace whose tests wrote nothing', () => {
    const root = mkdtempSync(join(tmpdir(), 'smoke-totals-'));
    workspace(root, 'packages/a', { name: 'a', scripts: { test: 'vitest run' } }, { numPassedTests: 10, numFailedTests: 0, success: true });
    workspace(root, 'packages/b', { name: 'b', scripts: { test: 'vitest run' } }); // crashed before writing
    workspace(root, 'packages/c', { name: 'c', scripts: {} }); // no tests at all: nothing to count
    workspace(root, 'tools/t', { name: 't', scripts: { test: 'vitest run' } }, '{ not json');
    workspace(root, 'apps/runtime-smoke', { name: 's', scripts: { test: 'vitest run' } }, { numPassedTests: 5, numFailedTests: 1, success: false });
    writeFileSync(join(root, 'apps/runtime-smoke/runtime-results.json'), JSON.stringify({ numPassedTests: 28, numFailedTests: 0 }));
    const rows = collectTotals(root);
    expect(rows.map((r) => [r.source, r.passed, r.failed])).toEqual([
      ['packages/a/test-results.json', 10, 0],
      ['packages/b/test-results.json', 0, 1],
      ['apps/runtime-smoke/test-results.json', 5, 1],
      ['tools/t/test-results.json', 0, 1],
      ['apps/runtime-smoke/runtime-results.json', 28, 0],
    ]);
    expect(sumRows(rows)).toEqual({ passed: 43, failed: 3 });
  });
  it('counts a missing or unreadable smoke report as a failure', () => {
    const root = mkdtempSync(join(tmpdir(), 'smoke-totals-'));
    expect(sumRows(collectTotals(root))).toEqual({ passed: 0, failed: 1 });
    mkdirSync(join(root, 'apps/runtime-smoke'), { recursive: true });
    writeFileSync(join(root, 'apps/runtime-smoke/runtime-results.json'), '{"numPassedTests": 3');
    expect(collectTotals(root)).toEqual([expect.objectContaining({ passed: 0, failed: 1, note: expect.stringMatching(/unreadable/) })]);
  });
});
