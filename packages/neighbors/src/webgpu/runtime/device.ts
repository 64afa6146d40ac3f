// Finding WebGPU: the adapter (or null, with the reason), and a device with the largest
// buffer limits the adapter offers (the default 128 MiB binding is too small for 10⁵ atoms).
import type { WebGpuAdapter, WebGpuDevice, WebGpuEntry } from './gpu-types.js';

/** The limits asked for when the adapter offers more than the defaults. */
const WANTED_LIMITS = ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxStorageBuffersPerShaderStage'] as const;

/** Why there is no WebGPU here, or undefined when navigator.gpu exists. */
export function webGpuMissingReason(): string | undefined {
  const scope = globalThis as { navigator?: { gpu?: WebGpuEntry }; isSecureContext?: boolean };
  if (scope.navigator?.gpu) return undefined;
  if (scope.navigator === undefined) return 'this runtime has no navigator (Node without a WebGPU binding?)';
  if (scope.isSecureContext === false) return 'the page is not a secure context (WebGPU needs https:// or localhost)';
  return 'this runtime does not expose navigator.gpu (Chromium needs version 113+, or --enable-unsafe-webgpu where it is disabled)';
}

let adapterProbe: Promise<WebGpuAdapter | null> | undefined;

/** The default adapter, asked for once per page (null when there is none or WebGPU is missing). */
export function webGpuAdapter(): Promise<WebGpuAdapter | null> {
  if (!adapterProbe) {
    const gpu = (globalThis as { navigator?: { gpu?: WebGpuEntry } }).navigator?.gpu;
    adapterProbe = gpu ? gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null) : Promise.resolve(null);
  }
  return adapterProbe;
}

/** Forgets the cached adapter (after a device loss, the next request asks again). */
export function forgetWebGpuAdapter(): void {
  adapterProbe = undefined;
}

/** A new device on the default adapter, or an error naming what is missing. `who` prefixes it. */
export async function requestWebGpuDevice(who: string): Promise<WebGpuDevice> {
  const missing = webGpuMissingReason();
  if (missing) throw new Error(`${who}: navigator.gpu is missing: ${missing}. Pass options.device, or use the CPU backends.`);
  const adapter = await webGpuAdapter();
  if (!adapter) {
    forgetWebGpuAdapter();
    throw new Error(`${who}: navigator.gpu.requestAdapter() returned null: no WebGPU adapter. Pass options.device, or use the CPU backends.`);
  }
  const offered = adapter.limits as Record<string, number> | undefined;
  const requiredLimits: Record<string, number> = {};
  for (const name of WANTED_LIMITS) {
    const value = offered?.[name];
    if (typeof value === 'number' && value > 0) requiredLimits[name] = value;
  }
  try {
    return await adapter.requestDevice({ requiredLimits });
  } catch (error) {
    forgetWebGpuAdapter(); // an adapter gives one device; ask for a fresh one next time
    throw new Error(`${who}: requestDevice() failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Checks that `device` looks like a GPUDevice (an options.device given by the caller). */
export function assertWebGpuDevice(device: unknown, name: string): asserts device is WebGpuDevice {
  if (device === null || typeof device !== 'object' || typeof (device as WebGpuDevice).createBuffer !== 'function') {
    throw new TypeError(`${name} must be a GPUDevice (from adapter.requestDevice()), got ${device === null ? 'null' : typeof device}`);
  }
}
