// Turns any of the accepted `wasm` sources into a compiled WebAssembly.Module.

/**
 * Where a .wasm can come from: its bytes, a fetch `Response` (or a promise of one),
 * a URL (string or URL object; `file:` URLs are read from disk in Node, Deno and Bun),
 * or a precompiled `WebAssembly.Module`, which edge runtimes such as Cloudflare
 * Workers require because they forbid compiling bytes at run time.
 */
export type WasmSource =
  | Uint8Array
  | ArrayBuffer
  | Response
  | PromiseLike<Response>
  | URL
  | string
  | WebAssembly.Module;

function isResponse(value: unknown): value is Response {
  return typeof Response !== 'undefined' && value instanceof Response;
}

async function readFileUrl(url: URL): Promise<Uint8Array> {
  // A variable specifier keeps bundlers from trying to resolve a Node built-in.
  const fsName = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ fsName)) as { readFile(u: URL): Promise<Uint8Array> };
  return fs.readFile(url);
}

async function compileResponse(response: Response, what: string): Promise<WebAssembly.Module> {
  if (!response.ok) throw new Error(`${what}: fetching the .wasm failed with HTTP ${response.status}`);
  const type = response.headers.get('content-type') ?? '';
  if (typeof WebAssembly.compileStreaming === 'function' && type.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

export async function compileWasmSource(source: WasmSource, what: string): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) return WebAssembly.compile(source as BufferSource);
  if (isResponse(source)) return compileResponse(source, what);
  if (typeof source === 'string' || source instanceof URL) {
    const url = typeof source === 'string' ? new URL(source, globalThis.location?.href ?? 'file:///') : source;
    if (url.protocol === 'file:') return WebAssembly.compile((await readFileUrl(url)) as BufferSource);
    return compileResponse(await fetch(url), what);
  }
  if (source && typeof (source as PromiseLike<Response>).then === 'function') {
    const response = await source;
    if (!isResponse(response)) throw new TypeError(`${what}: the promise given as wasm did not resolve to a Response`);
    return compileResponse(response, what);
  }
  throw new TypeError(
    `${what}: wasm must be bytes (Uint8Array/ArrayBuffer), a Response, a URL or a WebAssembly.Module`,
  );
}
