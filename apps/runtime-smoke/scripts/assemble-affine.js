// Builds the two flavours of the affine fixture from one .wat: the SIMD build keeps
// the block between ;;SIMD-BEGIN and ;;SIMD-END, the scalar build drops it (the
// AssemblyScript kernels do the same with ASC_FEATURE_SIMD).
import binaryen from 'binaryen';

function assemble(text) {
  const module = binaryen.parseText(text);
  try {
    module.setFeatures(binaryen.Features.MVP | binaryen.Features.SIMD128);
    if (!module.validate()) throw new Error('affine.wat does not validate');
    return module.emitBinary();
  } finally {
    module.dispose();
  }
}

export function assembleAffineKernel(wat) {
  const simdBlock = /;;SIMD-BEGIN[^\n]*\n[\s\S]*?;;SIMD-END\n/;
  if (!simdBlock.test(wat)) throw new Error('affine.wat has no ;;SIMD-BEGIN … ;;SIMD-END block');
  return { simd: assemble(wat), scalar: assemble(wat.replace(simdBlock, '')) };
}
