// Runs the smoke cases in every runtime: Node (this process's node), Deno and Bun
// (the binaries of the `deno` and `bun` npm packages), and headless Chromium.
// Prints each runtime's per-case lines, writes runtime-results.json, and ends with
// one line `N passed, M failed`; exits 1 on any failure.
// Usage: node src/run-all.js [node] [deno] [bun] [chromium]   (default: all four)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { RESULT_MARKER } from './result-marker.js';
import { formatResult } from './run-cases.js';
import { summarize } from './summary.js';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const entry = join(appDir, 'src', 'entry.js');
const bin = (name) => join(repoRoot, 'node_modules', '.bin', name);
const RUNTIME_TIMEOUT_MS = 180_000;

const commandLines = {
  node: [process.execPath, [entry]],
  deno: [bin('deno'), ['run', '--allow-read', '--no-prompt', entry]],
  bun: [bin('bun'), [entry]],
};

/** Every package the cases import must be built: say so plainly rather than fail on a missing dist/. */
function checkBuilt() {
  const missing = ['core', 'neighbors', 'o3', 'density', 'correlations', 'models', 'nn'].filter(
    (pkg) => existsSync(join(repoRoot, 'packages', pkg, 'package.json')) && !existsSync(join(repoRoot, 'packages', pkg, 'dist', 'index.js')),
  );
  if (missing.length > 0) {
    console.log(`note: packages/{${missing.join(',')}}/dist is missing; run \`npm run build\` at the root first`);
  }
}

function runProcess(name) {
  const [command, args] = commandLines[name];
  return new Promise((resolveRun) => {
    if (!existsSync(command)) {
      resolveRun({ runtime: name, crashed: `${command} not found (run npm ci at the root)` });
      return;
    }
    const child = spawn(command, args, { cwd: appDir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUNTIME_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolveRun({ runtime: name, crashed: `could not start: ${error.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
      if (!line) {
        const why = signal ? `killed by ${signal}` : `exited with code ${code}`;
        resolveRun({ runtime: name, crashed: `${why} without reporting results\n${stderr.trim()}\n${stdout.trim()}`.trim() });
        return;
      }
      const report = JSON.parse(line.slice(RESULT_MARKER.length));
      if (stderr.trim()) report.stderr = stderr.trim();
      if (code !== 0 && report.failed === 0) report.crashed = `exited with code ${code} although no case failed`;
      resolveRun({ ...report, runtime: report.runtime ?? name });
    });
  });
}

async function runChromium() {
  const { runModuleInChromium } = await import('@equikit/browser-harness');
  try {
    const { value, browserVersion, console: pageConsole } = await runModuleInChromium({
      root: repoRoot,
      module: join(appDir, 'src', 'browser', 'smoke-page.js'),
    });
    return { runtime: `chromium ${browserVersion}`, ...value, pageConsole };
  } catch (error) {
    return { runtime: 'chromium', crashed: `${error.name}: ${error.message}` };
  }
}

const wanted = process.argv.slice(2);
const runtimes = wanted.length > 0 ? wanted : ['node', 'deno', 'bun', 'chromium'];
for (const name of runtimes) {
  if (!['node', 'deno', 'bun', 'chromium'].includes(name)) {
    console.error(`unknown runtime ${JSON.stringify(name)}: expected node, deno, bun or chromium`);
    process.exit(2);
  }
}

checkBuilt();
const reports = [];
for (const name of runtimes) {
  const report = name === 'chromium' ? await runChromium() : await runProcess(name);
  const short = name;
  console.log(`--- ${report.runtime}`);
  for (const result of report.results ?? []) console.log(formatResult(short, result));
  if (report.webgpu) {
    const gpu = report.webgpu;
    console.log(
      gpu.available
        ? `INFO ${short} WebGPU adapter: ${[gpu.vendor, gpu.architecture, gpu.description].filter(Boolean).join(' / ') || '(no info)'}${gpu.fallback ? ' (fallback)' : ''}`
        : `INFO ${short} no WebGPU adapter: ${gpu.reason}`,
    );
  }
  if (report.crashed) console.log(`FAIL ${short} runtime — ${report.crashed}`);
  if ((report.crashed || report.failed > 0) && report.pageConsole?.length) {
    console.log(`(console of the ${short} page)\n${report.pageConsole.join('\n')}`);
  }
  if (report.stderr) console.log(`(stderr of ${short})\n${report.stderr}`);
  reports.push(report);
}

const summary = summarize(reports);
writeFileSync(join(appDir, 'runtime-results.json'), JSON.stringify(summary, null, 2) + '\n');
console.log(`${summary.numPassedTests} passed, ${summary.numFailedTests} failed`);
process.exitCode = summary.numFailedTests > 0 ? 1 : 0;
