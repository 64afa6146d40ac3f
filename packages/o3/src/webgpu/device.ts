// Getting a GPUDevice: the caller's, or a new one from navigator.gpu, with an error that
// says which piece is missing (WebGPU API, secure context, adapter) when there is none.
import type { GpuDevice, GpuEntry } from './gpu-types.js';

/** The device limits this package asks for, when the adapter offers more than the defaults. */
const WANTED_LIMITS = ['maxStorageBufferBindingSize', 'maxBufferSize'] as const;

export async function requestGpuDevice(): Promise<GpuDevice> {
  const scope = globalThis as { navigator?: { gpu?: GpuEntry }; isSecureContext?: boolean };
  const gpu = scope.navigator?.gpu;
  if (!gpu) {
    const why =
      scope.navigator === undefined
        ? 'this runtime has no navigator (Node without a WebGPU binding?)'
        : scope.isSecureContext === false
          ? 'the page is not a secure context (WebGPU needs https:// or localhost)'
          : 'this browser does not expose WebGPU (Chromium needs version 113+, or --enable-unsafe-webgpu where it is disabled)';
    throw new Error(`SphericalHarmonicsGPU: navigator.gpu is missing: ${why}. Pass options.device, or use SphericalHarmonics (CPU).`);
  }
  const adapter = await gpu.requestAdapter();
  if (!adapter) {
    throw new Error(
      'SphericalHarmonicsGPU: navigator.gpu.requestAdapter() returned null: no WebGPU adapter (no usable GPU, ' +
        'and no software fallback such as SwiftShader). Pass options.device, or use SphericalHarmonics (CPU).',
    );
  }
  const adapterLimits = adapter.limits as Record<string, number> | undefined;
  const requiredLimits: Record<string, number> = {};
  for (const name of WANTED_LIMITS) {
    const value = adapterLimits?.[name];
    if (typeof value === 'number' && value > 0) requiredLimits[name] = value;
  }
  return adapter.requestDevice({ requiredLimits });
}
