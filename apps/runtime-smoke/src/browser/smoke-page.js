// Runs the smoke cases inside a Chromium page (loaded by harness.js) and reports
// whether WebGPU hands out an adapter; that is reported, never a failure, since
// a container without a GPU may have none.
import { cases } from '../cases.js';
import { countResults, runCases } from '../run-cases.js';

async function probeWebGpu() {
  if (!globalThis.isSecureContext) return { available: false, reason: 'not a secure context' };
  if (!('gpu' in navigator)) return { available: false, reason: 'navigator.gpu is missing' };
  try {
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) return { available: false, reason: 'navigator.gpu.requestAdapter() returned null' };
    const info = adapter.info ?? {};
    return {
      available: true,
      vendor: info.vendor ?? '',
      architecture: info.architecture ?? '',
      description: info.description ?? '',
      fallback: Boolean(adapter.isFallbackAdapter ?? info.isFallbackAdapter),
    };
  } catch (error) {
    return { available: false, reason: `requestAdapter() threw ${error?.name}: ${error?.message}` };
  }
}

export default async function runSmokeInPage() {
  const results = await runCases(cases, 'chromium');
  return { results, ...countResults(results), webgpu: await probeWebGpu(), userAgent: navigator.userAgent };
}
