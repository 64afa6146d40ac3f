// The tensor product of bench/run.js (issue 11's throughput benchmark), shared by the bench scripts.
import { Irreps } from '@equikit/o3';
import { TensorProduct } from '../dist/index.js';

/** The benchmark's tensor product for degree L, built from the same rule as the Python side. */
export function benchTensorProduct(L, backend) {
  const sh = Irreps.sphericalHarmonics(L);
  const outTerms = [];
  for (let l = 0; l <= L; l++) for (const p of ['e', 'o']) outTerms.push(`1x${l}${p}`);
  const out = Irreps.parse(outTerms.join('+'));
  const instructions = [];
  sh.terms.forEach((a, i1) => sh.terms.forEach((b, i2) => out.terms.forEach((o, iOut) => {
    if (a.ir.times(b.ir).some((ir) => ir.equals(o.ir))) instructions.push([i1, i2, iOut, 'uuu', false, 1]);
  })));
  return new TensorProduct(sh, sh, out, instructions, { backend });
}
