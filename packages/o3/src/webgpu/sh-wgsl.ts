// WGSL source for the harmonics of one lMax: the CPU path's recurrences
// (sh/kernel-js.ts, sh/derivatives.ts) unrolled into straight-line f32 code with the
// prefactors baked in as literals, one invocation per point.
//
// Each point is first divided by its largest |coordinate|, so that neither tiny nor
// huge radii under- or overflow in f32 before the direction u = r/|r| is formed. The
// recurrences then run on u with its own |u|² (1 up to rounding: using the rounded |u|²
// keeps the polynomial consistent, so the error is that of the direction alone), and solid
// harmonics are scaled back by |r|^l, their gradients by |r|^(l−1).
import { buildPrefactors, triangle, type Prefactors } from '../sh/prefactors.js';

/** Points per workgroup (a multiple of 32 and 64, the usual SIMD widths). */
export const WORKGROUP_SIZE = 64;

/** Smallest normal f32: points whose every |coordinate| is below it count as the origin. */
export const F32_MIN_NORMAL = 1.1754943508222875e-38;

export interface HarmonicsProgramKey {
  lMax: number;
  normalized: boolean;
  gradients: boolean;
}

/** A WebGPU program: a cache key fixed at set-up (never the input shape) and its WGSL. */
export interface HarmonicsProgram {
  readonly cacheKey: string;
  readonly source: string;
  readonly workgroupSize: number;
  /** Bindings: 0 uniform { count }, 1 xyz (read), 2 values, 3 gradients (when asked). */
  readonly bindings: number;
}

export function harmonicsProgramKey({ lMax, normalized, gradients }: HarmonicsProgramKey): string {
  return `sh:l${lMax}:${normalized ? 'spherical' : 'solid'}:${gradients ? 'grad' : 'values'}`;
}

/** The WGSL program for lMax (any size of input). */
export function harmonicsProgram(key: HarmonicsProgramKey): HarmonicsProgram {
  return {
    cacheKey: harmonicsProgramKey(key),
    source: harmonicsWgsl(key),
    workgroupSize: WORKGROUP_SIZE,
    bindings: key.gradients ? 4 : 3,
  };
}

/** An f32 literal that round-trips the nearest f32 to v. */
function lit(v: number): string {
  const f = Math.fround(v);
  if (!Number.isFinite(f)) throw new RangeError(`prefactor ${v} is not representable in f32`);
  const text = `${f.toPrecision(9)}f`;
  return f < 0 ? `(${text})` : text;
}

/** Σ coef·name as WGSL, dropping zero terms; "0.0f" when nothing is left. */
function linear(terms: [number, string][]): string {
  const parts = terms.filter(([c]) => c !== 0).map(([c, name]) => `${lit(c)} * ${name}`);
  return parts.length ? parts.join(' + ') : '0.0f';
}

/** WGSL statements for c{m}/s{m} = Re/Im (x+iy)^m, m = 1…lMax. */
function powerStatements(lMax: number): string[] {
  const lines: string[] = [];
  for (let m = 1; m <= lMax; m++) {
    if (m === 1) lines.push('let c1 = x;', 'let s1 = y;');
    else lines.push(`let c${m} = x * c${m - 1} - y * s${m - 1};`, `let s${m} = x * s${m - 1} + y * c${m - 1};`);
  }
  return lines;
}

/** WGSL statements for degree l: p{l}_{m} (Legendre part, m = 0…l) and y{k} = S_k(u). */
function degreeStatements(pre: Prefactors, l: number): string[] {
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
function gradientExpressions(pre: Prefactors): [string, string, string][] {
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

export function harmonicsWgsl({ lMax, normalized, gradients }: HarmonicsProgramKey): string {
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

  return `// equikit @equikit/o3: real ${normalized ? 'spherical' : 'solid'} harmonics${gradients ? ' and gradients' : ''}, lMax = ${lMax}, f32.
struct Params {
  count: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> xyz: array<f32>;
@group(0) @binding(2) var<storage, read_write> values: array<f32>;
${gradients ? '@group(0) @binding(3) var<storage, read_write> gradients: array<f32>;\n' : ''}
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= params.count) {
    return;
  }
  let p = vec3<f32>(xyz[3u * i], xyz[3u * i + 1u], xyz[3u * i + 2u]);
  let big = max(max(abs(p.x), abs(p.y)), abs(p.z));
  let origin = big < ${lit(F32_MIN_NORMAL)};
  let safe = select(big, 1.0f, origin);
  let q = p / safe;
  let len = sqrt(dot(q, q));
  let u = select(q / len, vec3<f32>(0.0f), origin);
  let x = u.x;
  let y = u.y;
  let z = u.z;
  let u2 = dot(u, u);
  ${
    normalized
      ? // The documented value at the origin: Y = (1/√4π, 0, …), zero gradients.
        `let live = select(1.0f, 0.0f, origin);${gradients ? '\n  let ir = select((1.0f / safe) / len, 0.0f, origin);' : ''}`
      : 'let r = select(safe * len, 0.0f, origin);'
  }
  let o = i * ${K}u;
  ${gradients ? `let g = i * ${3 * K}u;` : ''}
${body.map((s) => `  ${s}`).join('\n')}
}
`;
}
