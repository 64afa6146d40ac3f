// The TypeScript path's fast kernels: straight-line code generated once per calculator
// (lMax, normalized, gradients), with every prefactor inlined as a literal, the way
// sphericart hard-codes low l. The arithmetic is the generic recurrence's, operation for
// operation. Where run-time code generation is forbidden (a Content-Security-Policy
// without 'unsafe-eval'), or lMax is large, the calculator keeps the generic loops.
import type { Prefactors } from './prefactors.js';
import { triangle } from './prefactors.js';

/**
 * (xyz, start, count, values, gradients) → true when some |r|² was not finite. Outputs may
 * be Float32Array: every value is computed in float64 locals and rounded once on store.
 * Each calculator generates its own function, so each one sees a single array type.
 */
export type GeneratedKernel = (
  xyz: Float64Array,
  start: number,
  count: number,
  values: Float64Array | Float32Array,
  gradients: Float64Array | Float32Array | undefined,
) => boolean;

/** Beyond this the generated function grows past what engines optimize well. */
export const MAX_GENERATED_L = 12;

const lit = (v: number) => (Object.is(v, -0) ? '-0' : String(v));

export function generateSource(pre: Prefactors, normalized: boolean, withGradients: boolean): string {
  const L = pre.lMax;
  const K = (L + 1) * (L + 1);
  const { a, b, colStart, kp, km, kz } = pre;
  const lines: string[] = [];
  const emit = (s: string) => lines.push(s);
  const v = (l: number, m: number) => `v${l * l + l + m}`;
  emit('let bad = false;');
  emit('for (let i = 0; i < count; i++) {');
  emit('const q = 3 * (start + i);');
  emit('let x = xyz[q], y = xyz[q + 1], z = xyz[q + 2];');
  emit('const r2 = x * x + y * y + z * z;');
  emit('if (!(r2 < Infinity)) bad = true;');
  if (normalized) {
    // at the origin 1/|r| and |r|² are taken as 0: values (1/√4π, 0, …), zero gradients
    emit('const ir = r2 > 0 ? 1 / Math.sqrt(r2) : 0;');
    emit('x *= ir; y *= ir; z *= ir;');
    emit('const rr = r2 > 0 ? 1 : 0;');
  } else {
    emit('const rr = r2;');
  }
  emit(`const o = i * ${K};`);
  // m = 0 column
  emit(`const ${v(0, 0)} = ${lit(a[0])};`);
  for (let l = 1; l <= L; l++) {
    const expr = l === 1 ? `${lit(a[1])} * z * ${v(0, 0)}` : `${lit(a[l])} * z * ${v(l - 1, 0)} - ${lit(b[l])} * rr * ${v(l - 2, 0)}`;
    emit(`const ${v(l, 0)} = ${expr};`);
  }
  // m ≥ 1 columns, C + iS = (x + iy)^m
  if (L >= 1) emit('let c = 1, s = 0, cn = 0, p2 = 0, p1 = 0, p0 = 0;');
  for (let m = 1; m <= L; m++) {
    emit('cn = x * c - y * s; s = x * s + y * c; c = cn;');
    const k = colStart[m];
    emit(`p2 = ${lit(a[k])};`);
    emit(`const ${v(m, m)} = p2 * c, ${v(m, -m)} = p2 * s;`);
    if (m < L) {
      emit(`p1 = ${lit(a[k + 1])} * z * p2;`);
      emit(`const ${v(m + 1, m)} = p1 * c, ${v(m + 1, -m)} = p1 * s;`);
    }
    for (let l = m + 2; l <= L; l++) {
      const j = k + (l - m);
      emit(`p0 = ${lit(a[j])} * z * p1 - ${lit(b[j])} * rr * p2; p2 = p1; p1 = p0;`);
      emit(`const ${v(l, m)} = p0 * c, ${v(l, -m)} = p0 * s;`);
    }
  }
  for (let k = 0; k < K; k++) emit(`values[o + ${k}] = v${k};`);
  if (withGradients) {
    emit(`const g = 3 * o;`);
    // derivative formulas of derivatives.ts, with literal constants
    const terms = (l: number, m: number): [string, string, string] => {
      if (l === 0) return ['0', '0', '0'];
      const t = triangle(l, Math.abs(m));
      const am = Math.abs(m);
      const P = kp[t];
      const M = km[t];
      const Z = kz[t];
      const sum = (parts: string[]) => (parts.length ? parts.join(' + ') : '0');
      const dz = am <= l - 1 ? `${lit(Z)} * ${v(l - 1, m)}` : '0';
      if (m === 0) {
        return l >= 2 ? [`${lit(-P)} * ${v(l - 1, 1)}`, `${lit(-P)} * ${v(l - 1, -1)}`, dz] : ['0', '0', dz];
      }
      const high = am + 1 <= l - 1;
      const x: string[] = [];
      const y: string[] = [];
      if (m > 0) {
        x.push(`${lit(M)} * ${v(l - 1, am - 1)}`);
        if (am > 1) y.push(`${lit(-M)} * ${v(l - 1, -(am - 1))}`);
        if (high) {
          x.push(`${lit(-P)} * ${v(l - 1, am + 1)}`);
          y.push(`${lit(-P)} * ${v(l - 1, -(am + 1))}`);
        }
      } else {
        if (am > 1) x.push(`${lit(M)} * ${v(l - 1, -(am - 1))}`);
        y.push(`${lit(M)} * ${v(l - 1, am - 1)}`);
        if (high) {
          x.push(`${lit(-P)} * ${v(l - 1, -(am + 1))}`);
          y.push(`${lit(P)} * ${v(l - 1, am + 1)}`);
        }
      }
      return [sum(x), sum(y), dz];
    };
    for (let l = 0; l <= L; l++) {
      for (let m = -l; m <= l; m++) {
        const k = l * l + l + m;
        const [dx, dy, dz] = terms(l, m);
        if (normalized && l > 0) {
          // ∇Y(r) = (∇S(u) − l S(u) u) / |r|
          emit(`{ const ls = ${l} * v${k};`);
          emit(`gradients[g + ${k}] = (${dx} - ls * x) * ir;`);
          emit(`gradients[g + ${K + k}] = (${dy} - ls * y) * ir;`);
          emit(`gradients[g + ${2 * K + k}] = (${dz} - ls * z) * ir; }`);
        } else {
          emit(`gradients[g + ${k}] = ${dx};`);
          emit(`gradients[g + ${K + k}] = ${dy};`);
          emit(`gradients[g + ${2 * K + k}] = ${dz};`);
        }
      }
    }
  }
  emit('}');
  emit('return bad;');
  return lines.join('\n');
}

/** The generated kernel, or undefined where it cannot be built (lMax too large, eval forbidden). */
export function generateKernel(pre: Prefactors, normalized: boolean, withGradients: boolean): GeneratedKernel | undefined {
  if (pre.lMax > MAX_GENERATED_L) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    return new Function('xyz', 'start', 'count', 'values', 'gradients', generateSource(pre, normalized, withGradients)) as GeneratedKernel;
  } catch {
    return undefined;
  }
}
