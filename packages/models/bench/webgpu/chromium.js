#!/usr/bin/env node
// node bench/webgpu/chromium.js [sizes] [cpuMax] [reps]: the whole-path benchmark in headless Chromium.
import { fileURLToPath } from 'node:url';
import { runModuleInChromium } from '@equikit/browser-harness';
const [sizes = '2000', cpuMax = '2000', reps = '3'] = process.argv.slice(2);
const root = fileURLToPath(new URL('../../../..', import.meta.url));
const input = { sizes: sizes.split(',').map(Number), cpuMax: Number(cpuMax), reps: Number(reps) };
const { value } = await runModuleInChromium({ root, module: 'packages/models/bench/webgpu/page.js', input, timeoutMs: 600_000 });
console.log(JSON.stringify(value, null, 1));
