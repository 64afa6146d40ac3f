// Types for the one function this package's WebGPU test uses from
// @equikit/runtime-smoke's browser harness (plain JavaScript, no declarations of its own).
declare module '@equikit/browser-harness' {
  export const DEFAULT_CHROMIUM: string;
  export const DEFAULT_CHROMIUM_ARGS: string[];
  export function runModuleInChromium(options: {
    root: string;
    module: string;
    input?: unknown;
    importMap?: unknown;
    executablePath?: string;
    args?: string[];
    timeoutMs?: number;
  }): Promise<{ value: unknown; browserVersion: string; console: string[] }>;
}
