// Embedded .wasm bytes are stored as base64; atob exists in Node ≥ 16, Deno, Bun and browsers.
export function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let k = 0; k < binary.length; k++) bytes[k] = binary.charCodeAt(k);
  return bytes;
}
