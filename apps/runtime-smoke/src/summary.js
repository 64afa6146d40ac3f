// Totals over the runtimes' reports. A runtime that crashed before reporting counts
// as one failure, so a broken runtime can never pass silently.

/** @param reports [{ runtime, results?: [{ status }], crashed?: string }] */
export function summarize(reports) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const runtimes = [];
  for (const report of reports) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const result of report.results ?? []) {
      if (result.status === 'pass') counts.passed++;
      else if (result.status === 'skip') counts.skipped++;
      else counts.failed++;
    }
    if (report.crashed) counts.failed++;
    passed += counts.passed;
    failed += counts.failed;
    skipped += counts.skipped;
    runtimes.push({ runtime: report.runtime, ...counts, ...(report.webgpu ? { webgpu: report.webgpu } : {}), ...(report.crashed ? { crashed: report.crashed } : {}) });
  }
  return { numPassedTests: passed, numFailedTests: failed, numSkippedTests: skipped, runtimes };
}
