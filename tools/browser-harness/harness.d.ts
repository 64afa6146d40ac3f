/** Debian's Chromium. */
export const DEFAULT_CHROMIUM: string;
/** Headless flags that give a SwiftShader WebGPU adapter. */
export const DEFAULT_CHROMIUM_ARGS: string[];
/**
 * Serves `root` over 127.0.0.1, opens a page whose import map points each workspace package at
 * its dist/, imports `module` there and resolves to what its default export returned for `input`.
 */
export function runModuleInChromium(options: {
  root: string;
  module: string;
  input?: unknown;
  importMap?: unknown;
  executablePath?: string;
  args?: string[];
  timeoutMs?: number;
}): Promise<{ value: unknown; browserVersion: string; console: string[] }>;
/**
 * For a WebGPU test page: `load()` (for beforeAll) runs `module` once and keeps its report or the
 * reason it could not run; `ready()` returns the report or throws that reason (or "no adapter").
 */
export function webgpuPageReport(options: {
  root: string;
  module: string;
  built: string;
  packageDir: string;
  timeoutMs?: number;
}): { load(): Promise<void>; ready(): any };
