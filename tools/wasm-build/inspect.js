// Test helper: the text form of a .wasm, to check which instructions it uses.
import binaryen from 'binaryen';

/** Counts the SIMD (v128) instructions in a module's code. */
export function countSimdInstructions(bytes) {
  const module = binaryen.readBinary(bytes);
  try {
    const text = module.emitText();
    const matches = text.match(/\b(v128|[if](8x16|16x8|32x4|64x2))\.[a-z_0-9]+/g);
    return matches ? matches.length : 0;
  } finally {
    module.dispose();
  }
}
