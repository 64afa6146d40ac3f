// Sums the test reports of a CI run: every workspace's vitest JSON report
// (packages/*, apps/*, tools/* → test-results.json) plus the runtime smoke report
// (apps/runtime-smoke/runtime-results.json). Prints one line per report, then
// `N passed, M failed` as the very last line; exits 1 when anything failed.
// A workspace with a test script but no report counts as one failure: its tests
// never ran to the end. Usage: node apps/runtime-smoke/src/ci-totals.js [repoRoot]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKSPACE_FOLDERS = ['packages', 'apps', 'tools'];
export const SMOKE_REPORT = join('apps', 'runtime-smoke', 'runtime-results.json');

/** Counts of one vitest JSON report; a test file that failed without a failed test (it did not load) counts once. */
export function countVitestReport(report) {
  let failed = report.numFailedTests ?? 0;
  for (const file of report.testResults ?? []) {
    const failedInFile = (file.assertionResults ?? []).filter((a) => a.status === 'failed').length;
    if (file.status === 'failed' && failedInFile === 0) failed++;
  }
  if (report.success === false && failed === 0) failed = 1;
  return { passed: report.numPassedTests ?? 0, failed };
}

/** [{ source, passed, failed, note? }] for every workspace and the smoke report. */
export function collectTotals(repoRoot) {
  const rows = [];
  for (const folder of WORKSPACE_FOLDERS) {
    const dir = join(repoRoot, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const manifestPath = join(dir, name, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      const reportPath = join(dir, name, 'test-results.json');
      const source = relative(repoRoot, reportPath);
      if (existsSync(reportPath)) {
        try {
          rows.push({ source, ...countVitestReport(JSON.parse(readFileSync(reportPath, 'utf8'))) });
        } catch (error) {
          rows.push({ source, passed: 0, failed: 1, note: `unreadable report: ${error.message}` });
        }
      } else if (manifest.scripts?.test) {
        rows.push({ source, passed: 0, failed: 1, note: `${manifest.name} has a test script but wrote no report` });
      }
    }
  }
  const smokePath = join(repoRoot, SMOKE_REPORT);
  if (existsSync(smokePath)) {
    try {
      const smoke = JSON.parse(readFileSync(smokePath, 'utf8'));
      rows.push({ source: SMOKE_REPORT, passed: smoke.numPassedTests ?? 0, failed: smoke.numFailedTests ?? 1 });
    } catch (error) {
      rows.push({ source: SMOKE_REPORT, passed: 0, failed: 1, note: `unreadable report: ${error.message}` });
    }
  } else {
    rows.push({ source: SMOKE_REPORT, passed: 0, failed: 1, note: 'the runtime smoke tests wrote no report' });
  }
  return rows;
}

export function sumRows(rows) {
  return rows.reduce((t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed }), { passed: 0, failed: 0 });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const repoRoot = process.argv[2] ?? fileURLToPath(new URL('../../..', import.meta.url));
  const rows = collectTotals(repoRoot);
  for (const r of rows) console.log(`  ${r.source}: ${r.passed} passed, ${r.failed} failed${r.note ? ` (${r.note})` : ''}`);
  const { passed, failed } = sumRows(rows);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}
