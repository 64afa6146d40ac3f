// Runs smoke cases one after another and collects one result per case.
// Runtime-neutral: used by the CLI entry (Node, Deno, Bun) and by the browser page.
import { Skip } from './check.js';

/**
 * @param cases  [{ name, run(ctx) }]; `run` may return a short detail string for the PASS line.
 * @param runtime  name of the runtime, passed to each case as ctx.runtime.
 * @returns [{ name, status: 'pass' | 'fail' | 'skip', detail }]
 */
export async function runCases(cases, runtime) {
  const results = [];
  for (const smokeCase of cases) {
    const notes = [];
    const ctx = { runtime, note: (text) => notes.push(text) };
    try {
      const detail = await smokeCase.run(ctx);
      results.push({ name: smokeCase.name, status: 'pass', detail: [detail, ...notes].filter(Boolean).join('; ') });
    } catch (error) {
      if (error instanceof Skip) {
        results.push({ name: smokeCase.name, status: 'skip', detail: error.message });
      } else {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        results.push({ name: smokeCase.name, status: 'fail', detail: [message, ...notes].join('; ') });
      }
    }
  }
  return results;
}

/** One line per case: `PASS <runtime> <case> — detail`. */
export function formatResult(runtime, result) {
  const tag = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' }[result.status];
  return `${tag} ${runtime} ${result.name}${result.detail ? ` — ${result.detail}` : ''}`;
}

export function countResults(results) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const r of results) {
    if (r.status === 'pass') passed++;
    else if (r.status === 'fail') failed++;
    else skipped++;
  }
  return { passed, failed, skipped };
}
