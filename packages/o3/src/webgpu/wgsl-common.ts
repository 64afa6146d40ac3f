// Pieces shared by both WGSL generators (unrolled and loops): the literal format, the
// bindings, and the per-point preamble that forms the direction safely in f32.
//
// Each point is first divided by its largest |coordinate|, so that neither tiny nor huge
// radii under- or overflow in f32 before the direction u = r/|r| is formed. The
// recurrences then run on u with its own |u|² (1 up to rounding: using the rounded |u|²
// keeps the polynomial consistent, so the error is that of the direction alone), and solid
// harmonics are scaled back by |r|^l, their gradients by |r|^(l−1).

/** Points per workgroup (a multiple of 32 and 64, the usual SIMD widths). */
export const WORKGROUP_SIZE = 64;

/** Smallest normal f32: points whose every |coordinate| is below it count as the origin. */
export const F32_MIN_NORMAL = 1.1754943508222875e-38;

/** An f32 literal that round-trips the nearest f32 to v. */
export function lit(v: number): string {
  const f = Math.fround(v);
  if (!Number.isFinite(f)) throw new RangeError(`prefactor ${v} is not representable in f32`);
  const text = `${f.toPrecision(9)}f`;
  return f < 0 ? `(${text})` : text;
}

/** Module-scope declarations: 0 { count }, 1 xyz, 2 values, 3 gradients, 4 prefactor tables. */
export function bindingsWgsl(gradients: boolean, tables: boolean): string {
  return `struct Params {
  count: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> xyz: array<f32>;
@group(0) @binding(2) var<storage, read_write> values: array<f32>;
${gradients ? '@group(0) @binding(3) var<storage, read_write> gradients: array<f32>;\n' : ''}${
    tables ? '@group(0) @binding(4) var<storage, read> tables: array<f32>;\n' : ''
  }`;
}

/**
 * Start of main(): returns past the last point, then defines u = (x, y, z), u2 = |u|²,
 * o (first value of the point), g (first gradient), and for spherical harmonics `live`
 * (0 at the origin, where Y = (1/√4π, 0, …) with zero gradients) and `ir` = 1/|r| (0 at
 * the origin); for solid harmonics r = |r|.
 */
export function preambleWgsl(K: number, normalized: boolean, gradients: boolean): string {
  return `@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= params.count) {
    return;
  }
  let p = vec3<f32>(xyz[3u * i], xyz[3u * i + 1u], xyz[3u * i + 2u]);
  let big = max(max(abs(p.x), abs(p.y)), abs(p.z));
  let origin = big < ${lit(F32_MIN_NORMAL)};
  // Pre-scale huge points by 2^-64 (exact): GPUs may divide as p * (1/big), and 1/big is
  // subnormal above 2^126, which NVIDIA flushes to zero (seen on an H100: NaN directions).
  let huge = big > 1.0e30f;
  let pre = select(1.0f, ${lit(2 ** -64)}, huge);
  let safe = select(big * pre, 1.0f, origin);
  let q = (p * pre) / safe;
  let len = sqrt(dot(q, q));
  let u = select(q / len, vec3<f32>(0.0f), origin);
  let x = u.x;
  let y = u.y;
  let z = u.z;
  let u2 = dot(u, u);
  ${
    normalized
      ? `let live = select(1.0f, 0.0f, origin);${gradients ? '\n  let ir = select(((1.0f / safe) * pre) / len, 0.0f, origin);' : ''}`
      : 'let r = select((safe / pre) * len, 0.0f, origin);'
  }
  let o = i * ${K}u;
  ${gradients ? `let g = i * ${3 * K}u;` : ''}
`;
}
