// The unrolled harmonics of sh-wgsl.ts as a block of WGSL statements rather than a whole
// program, for kernels that need Y(r̂) (and ∇Y) of a vector inside a larger shader (the
// density expansion on WebGPU). The caller says where each value goes.
import { buildPrefactors } from '../sh/prefactors.js';
import { degreeStatements, gradientExpressions, powerStatements } from './sh-wgsl.js';
import { lit } from './wgsl-common.js';

export interface HarmonicsStatementsOptions {
  lMax: number;
  /** WGSL statement storing `expr` as Y_k (k = l² + l + m), e.g. (k, e) => `Y[${k}u] = ${e};`. */
  value: (k: number, expr: string) => string;
  /** With gradients: WGSL statement storing `expr` as ∂Y_k/∂r_axis. */
  gradient?: (k: number, axis: number, expr: string) => string;
}

/**
 * A WGSL compound statement `{ … }` computing the real spherical harmonics of a direction. In
 * scope before it: `x`, `y`, `z` (f32, the unit vector r̂), `u2` (= x² + y² + z², 1 up to
 * rounding) and, with gradients, `ir` (= 1/|r|). ∇Y(r) = (∇S(r̂) − l·Y·r̂)/|r|. Names inside
 * the block (p…, c…, s…, y…) do not leak out.
 */
export function harmonicsStatementsWgsl({ lMax, value, gradient }: HarmonicsStatementsOptions): string {
  const pre = buildPrefactors(lMax);
  const body: string[] = [...powerStatements(lMax)];
  const grad = gradient ? gradientExpressions(pre) : [];
  for (let l = 0; l <= lMax; l++) {
    body.push(...degreeStatements(pre, l));
    for (let k = l * l; k < (l + 1) * (l + 1); k++) body.push(value(k, `y${k}`));
    if (!gradient) continue;
    for (let k = l * l; k < (l + 1) * (l + 1); k++) {
      for (let axis = 0; axis < 3; axis++) {
        body.push(gradient(k, axis, l === 0 ? '0.0f' : `(${grad[k][axis]} - ${lit(l)} * y${k} * ${'xyz'[axis]}) * ir`));
      }
    }
  }
  return `{\n${body.map((s) => `    ${s}`).join('\n')}\n  }`;
}
