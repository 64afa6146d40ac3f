// Test helper: assembles WebAssembly text into a binary (for loader tests that need a tiny module).
import binaryen from 'binaryen';

export function watToWasm(text) {
  const module = binaryen.parseText(text);
  try {
    module.setFeatures(binaryen.Features.All);
    if (!module.validate()) throw new Error('watToWasm: the module does not validate');
    return module.emitBinary();
  } finally {
    module.dispose();
  }
}
