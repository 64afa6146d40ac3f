// WGSL for the harmonics of one lMax, unrolled: the CPU path's recurrences
// (sh/kernel-js.ts, sh/derivatives.ts) as straight-line f32 code with the prefactors
// baked in as literals, one invocation per point. Fastest to run, slow to build for large
// lMax (see sh-wgsl-loops.ts for the other kind).
import { buildPrefactors, triangle, type Prefactors } from '../sh/prefactors.js';
import { bindingsWgsl, lit, preambleWgsl } from './wgsl-common.js';
import type { HarmonicsProgramKey } from './sh-program.js';

/** Σ coef·name as WGSL, dropping zero terms; "0.0f" when nothing is left. */
function linear(terms: [number, string][]): string {
  const parts = terms.filter(([c]) => c !== 0).map(([c, name]) => `${lit(c)} * ${name}`);
  return parts.length ? parts.join(' + ') : '0.0f';
}

/** WGSL statements for c{m}/s{m} = Re/Im (x+iy)^m, m = 1…lMax. */
export function powerStatements(lMax: number): string[] {
  const lines: string[] = [];
  for (let m = 1; m <= lMax; m++) {
    if (m === 1) lines.push('let c1 = x;', 'let s1 = y;');
    else lines.push(`let c${m} = x * c${m - 1} - y * s${m - 1};`, `let s${m} = x * s${m - 1} + y * c${m - 1};`);
  }
  return lines;
}

/** WGSL statements for degree l: p{l}_{m} (Legendre part, m = 0…l) and y{k} = S_k(u). */
export function degreeStatements(pre: Prefactors, l: number): string[] {
  const { a, b, colStart } = pre;
  const lines: string[] = [];
  for (let m = 0; m <= l; m++) {
    const j = colStart[m] + (l - m);
    if (l === m) lines.push(`let p${l}_${m} = ${lit(a[j])};`);
    else if (l === m + 1) lines.push(`let p${l}_${m} = ${lit(a[j])} * z * p${m}_${m};`);
    else lines.push(`let p${l}_${m} = ${lit(a[j])} * z * p${l - 1}_${m} - ${lit(b[j])} * u2 * p${l - 2}_${m};`);
  }
  const c = l * l + l;
  lines.push(`let y${c} = p${l}_0;`);
  for (let m = 1; m <= l; m++) lines.push(`let y${c + m} = p${l}_${m} * c${m};`, `let y${c - m} = p${l}_${m} * s${m};`);
  return lines;
}

/**
 * The unprojected gradient ∇S(u) of each harmonic k as WGSL expressions [dx, dy, dz],
 * from the degree-(l−1) values y{…} (the map of sh/derivatives.ts).
 */
export function gradientExpressions(pre: Prefactors): [string, string, string][] {
  const { lMax, kp, km, kz } = pre;
  const K = (lMax + 1) * (lMax + 1);
  const out: [string, string, string][] = new Array(K);
  out[0] = ['0.0f', '0.0f', '0.0f'];
  const y = (k: number) => `y${k}`;
  for (let l = 1; l <= lMax; l++) {
    const c = l * l + l;
    const p = (l - 1) * (l - 1) + (l - 1);
    let t = triangle(l, 0);
    out[c] = l >= 2 ? [linear([[-kp[t], y(p + 1)]]), linear([[-kp[t], y(p - 1)]]), linear([[kz[t], y(p)]])] : ['0.0f', '0.0f', linear([[kz[t], y(p)]])];
    for (let m = 1; m <= l; m++) {
      t++;
      const P = kp[t];
      const M = km[t];
      const Z = kz[t];
      const xc: [number, string][] = [[M, y(p + m - 1)]];
      const yc: [number, string][] = [];
      const xs: [number, string][] = [];
      const ys: [number, string][] = [[M, y(p + m - 1)]];
      if (m > 1) {
        yc.push([-M, y(p - m + 1)]);
        xs.push([M, y(p - m + 1)]);
      }
      if (m + 1 <= l - 1) {
        xc.push([-P, y(p + m + 1)]);
        yc.push([-P, y(p - m - 1)]);
        xs.push([-P, y(p - m - 1)]);
        ys.push([P, y(p + m + 1)]);
      }
      const zc = m <= l - 1 ? linear([[Z, y(p + m)]]) : '0.0f';
      const zs = m <= l - 1 ? linear([[Z, y(p - m)]]) : '0.0f';
      out[c + m] = [linear(xc), linear(yc), zc];
      out[c - m] = [linear(xs), linear(ys), zs];
    }
  }
  return out;
}

export function harmonicsWgsl({ lMax, normalized, gradients }: Omit<HarmonicsProgramKey, 'style'>): string {
  const pre = buildPrefactors(lMax);
  const K = (lMax + 1) * (lMax + 1);
  const body: string[] = [];

  // Degree by degree, so that only the last two degrees' terms are live at any point
  // (column by column would keep all (lMax+1)² values live until the gradients).
  body.push(...powerStatements(lMax));
  if (!normalized) body.push('let rl0 = 1.0f;'); // |r|^l by products: pow(0, 0) is undefined in WGSL
  const grad = gradients ? gradientExpressions(pre) : [];
  for (let l = 0; l <= lMax; l++) {
    body.push(...degreeStatements(pre, l));
    if (!normalized && l > 0) body.push(`let rl${l} = rl${l - 1} * r;`);
    for (let k = l * l; k < (l + 1) * (l + 1); k++) body.push(`values[o + ${k}u] = ${l === 0 ? `y${k}` : `${normalized ? 'live' : `rl${l}`} * y${k}`};`);
    if (!gradients) continue;
    for (let k = l * l; k < (l + 1) * (l + 1); k++) {
      for (let axis = 0; axis < 3; axis++) {
        const target = `gradients[g + ${axis * K + k}u]`;
        if (l === 0) {
          body.push(`${target} = 0.0f;`);
        } else if (normalized) {
          // ∇Y(r) = (∇S(u) − l S(u) u) / |r|, since u·∇S(u) = l S(u) for degree-l S.
          body.push(`${target} = (${grad[k][axis]} - ${lit(l)} * y${k} * ${'xyz'[axis]}) * ir;`);
        } else {
          body.push(`${target} = rl${l - 1} * (${grad[k][axis]});`);
        }
      }
    }
  }

  return `// equikit @equikit/o3: real ${normalized ? 'spherical' : 'solid'} harmonics${gradients ? ' and gradients' : ''}, lMax = ${lMax}, f32, unrolled.
${bindingsWgsl(gradients, false)}
${preambleWgsl(K, normalized, gradients)}${body.map((s) => `  ${s}`).join('\n')}
}
`;
}
