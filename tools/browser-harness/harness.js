// The reusable browser harness: serves the repository over HTTP on 127.0.0.1,
// opens a page whose import map points each workspace package at its dist/, imports
// one ESM test module in that page, awaits its default export and returns the JSON
// value it resolves to. The runtime smoke tests use it now; a WebGPU test suite can
// use it unchanged with the SwiftShader flags (see README.md).
import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { startStaticServer } from './static-server.js';
import { workspaceImportMap } from './import-map.js';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Flags for Debian's chromium in a container with no GPU, no sandbox, no network. */
export const DEFAULT_CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const PAGE_PATH = '/__harness__/index.html';

function pageHtml(importMap) {
  // JSON in a <script> block: escape '<' so no string can close the tag.
  const json = JSON.stringify(importMap, null, 2).replace(/</g, '\\u003c');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>equikit harness</title>
<script type="importmap">${json}</script>
</head><body></body></html>
`;
}

/** The URL path of `file` (absolute, or relative to `root`) under the served root. */
function servedPath(root, file) {
  const rel = relative(resolve(root), resolve(root, file));
  if (rel.startsWith('..') || rel.includes(`..${sep}`)) throw new RangeError(`module must lie under the served root ${root}, got ${file}`);
  return '/' + rel.split(sep).join('/');
}

/**
 * Runs an ESM module in headless Chromium and returns what its default export resolves to.
 *
 * @param options.root  directory served as the site root (the repository)
 * @param options.module  the test module: a path under `root`; its default export is an
 *   async function taking `options.input` and returning a JSON-serialisable value
 * @param options.input  JSON-serialisable argument for the module's default export
 * @param options.importMap  default: every package under root/packages by its exports
 * @param options.executablePath  default /usr/bin/chromium (env CHROMIUM_PATH overrides)
 * @param options.args  Chromium flags, default DEFAULT_CHROMIUM_ARGS
 * @param options.timeoutMs  whole-run limit, default 120 s
 * @returns { value, browserVersion, console: string[] }
 */
export async function runModuleInChromium(options) {
  const {
    root,
    module,
    input = null,
    importMap = workspaceImportMap(root),
    executablePath = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM,
    args = DEFAULT_CHROMIUM_ARGS,
    timeoutMs = 120_000,
  } = options;
  const modulePath = servedPath(root, module);
  const server = await startStaticServer({ root, pages: { [PAGE_PATH]: pageHtml(importMap) } });
  const consoleLines = [];
  let browser;
  try {
    browser = await chromium.launch({ executablePath, args, headless: true, timeout: timeoutMs });
    const page = await browser.newPage();
    page.setDefaultTimeout(timeoutMs);
    page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
    await page.goto(server.url + PAGE_PATH);
    // A source string, not a function: test runners (vitest) rewrite `import()` inside
    // functions, and a rewritten function would not run in the page.
    const src = JSON.stringify(server.url + modulePath);
    const run = page.evaluate(`(async () => {
      const mod = await import(${src});
      if (typeof mod.default !== 'function') throw new Error(${src} + ' has no default export function');
      return JSON.stringify(await mod.default(${JSON.stringify(input)}));
    })()`);
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${modulePath} did not finish within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const json = await Promise.race([run, timeout]);
      return { value: json === undefined ? undefined : JSON.parse(json), browserVersion: browser.version(), console: consoleLines };
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await browser?.close();
    await server.close();
  }
}

/**
 * For a WebGPU test page: `load()` (give it to beforeAll) runs `module` once in Chromium and keeps
 * its report, or the reason it could not (Chromium missing, the package not built, the page failing);
 * `ready()` returns the report, or throws that reason, or that the page found no adapter. So a missing
 * prerequisite FAILS each test with a plain message instead of skipping it.
 * @param {{ root: string, module: string, built: string, packageDir: string, timeoutMs?: number }} options
 */
export function webgpuPageReport({ root, module, built, packageDir, timeoutMs = 170_000 }) {
  const executable = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
  let report;
  let setupError;
  return {
    async load() {
      if (!existsSync(executable)) {
        setupError = `Chromium not found at ${executable} (set CHROMIUM_PATH, or install chromium): the WebGPU suite needs it`;
        return;
      }
      if (!existsSync(built)) {
        setupError = `${built} is missing: run \`npm run build\` in ${packageDir} first (the page imports dist/)`;
        return;
      }
      try {
        report = (await runModuleInChromium({ root, module, timeoutMs })).value;
      } catch (error) {
        setupError = `the WebGPU page failed: ${error instanceof Error ? error.message : String(error)}`;
      }
    },
    ready() {
      if (setupError) throw new Error(setupError);
      if (!report.adapter.available) throw new Error(`no WebGPU adapter in Chromium: ${report.adapter.reason}`);
      return report;
    },
  };
}
