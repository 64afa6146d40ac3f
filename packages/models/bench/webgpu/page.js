// The whole-path benchmark in a browser page (node bench/webgpu/chromium.js). On a machine
// without a GPU Chromium's adapter is SwiftShader: those timings only show that it runs.
import { wholePath } from './whole-path.js';
export default async function run({ sizes, cpuMax, reps }) {
  const adapter = await navigator.gpu.requestAdapter();
  const device = await adapter.requestDevice({
    requiredLimits: { maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize, maxBufferSize: adapter.limits.maxBufferSize, maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage },
  });
  return { adapter: `${adapter.info?.vendor} / ${adapter.info?.architecture}`, ...(await wholePath({ sizes, cpuMax, reps, device })) };
}
