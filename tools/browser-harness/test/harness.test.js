import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHROMIUM, runModuleInChromium } from '../harness.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const chromium = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
const fixture = (name) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

// .ci/run installs chromium before the tests; elsewhere it may be absent.
describe.skipIf(!existsSync(chromium))(`runModuleInChromium (${chromium})`, () => {
  it('runs a module in a page with the workspace import map and returns its JSON', async () => {
    const { value, browserVersion } = await runModuleInChromium({ root, module: fixture('echo-page.js'), input: { lMax: 3, tag: 'x' } });
    expect(value).toEqual({ input: { lMax: 3, tag: 'x' }, inBrowser: true, simd: true, wasmType: 'application/wasm' });
    expect(browserVersion).toMatch(/^\d+\./);
  }, 60_000);

  it('rejects with the error the module threw', async () => {
    await expect(runModuleInChromium({ root, module: fixture('throwing-page.js') })).rejects.toThrow(/cutoff must be a finite, positive number/);
  }, 60_000);

  it('gives up after timeoutMs', async () => {
    await expect(runModuleInChromium({ root, module: fixture('slow-page.js'), timeoutMs: 1500 })).rejects.toThrow(/did not finish within 1500 ms/);
  }, 60_000);

  it('refuses a module outside the served root', async () => {
    await expect(runModuleInChromium({ root: fixture(''), module: '/etc/hostname' })).rejects.toThrow(RangeError);
  });
});
