// The radial side of a pair on the GPU: the splined radial integral I_nl(r) and its
// derivative, and the weight w(r) (cutoff smoothing × optional scaling), as WGSL functions
// over an f32 table buffer. The tables are the CPU calculator's own splines, rounded to f32.
import { f32Literal as lit } from '@equikit/neighbors';
import type { ResolvedHypers } from '../hypers.js';
import { createRadialIntegral } from '../radial/index.js';
import { HermiteSplineRadialIntegral, NaturalSplineRadialIntegral } from '../radial/spline.js';

export interface GpuRadial {
  /** f32 tables: spline A [node][n·L + l], spline B (same), then the centre term per n. */
  tables: Float32Array;
  /** WGSL: `fn radialAt(r: f32, e: u32) -> vec2<f32>` (I, dI/dr of entry e = n·L + l), `fn weightAt(r: f32) -> vec2<f32>` (w, dw/dr). Reads `tables`. */
  wgsl: string;
  /** Index of the first centre term in `tables` (centreWeight · I_n0(0) · Y00, per n). */
  centreOffset: number;
  /** Everything the WGSL bakes in, for the program's cache key. */
  key: string;
}

const Y00 = 1 / Math.sqrt(4 * Math.PI);

export function gpuRadial(hypers: ResolvedHypers, centreWeight: number): GpuRadial {
  const { maxRadial: N, maxAngular } = hypers;
  const L = maxAngular + 1;
  const size = N * L;
  const { integral, centre } = createRadialIntegral(hypers);
  let spline: string;
  let tables: Float32Array;
  let key: string;
  if (integral instanceof NaturalSplineRadialIntegral) {
    const t = integral.tables();
    const count = integral.gridSize;
    tables = new Float32Array(2 * count * size + N);
    tables.set(t.values, 0);
    tables.set(t.curvature, count * size);
    key = `natural:${count}:${t.start}:${t.h}:${t.pointsPerUnit}`;
    // librascal's lookup (kept for equality with the CPU spline): interval floor((r − r0)·N/(rN − r0)) − 1, clamped
    spline = `fn radialAt(r: f32, e: u32) -> vec2<f32> {
  let k = u32(clamp(i32(trunc((r - ${lit(t.start)}) * ${lit(t.pointsPerUnit)})) - 1, 0, ${t.lastInterval}));
  let a = ((${lit(t.start)} + f32(k + 1u) * ${lit(t.h)}) - r) * ${lit(1 / t.h)};
  let b = 1.0f - a;
  let lo = k * ${size}u + e;
  let hi = lo + ${size}u;
  let ylo = tables[lo];
  let yhi = tables[hi];
  let slo = tables[${count * size}u + lo];
  let shi = tables[${count * size}u + hi];
  let value = a * (ylo + (a * a - 1.0f) * slo) + b * (yhi + (b * b - 1.0f) * shi);
  let derivative = (yhi - ylo - (3.0f * a * a - 1.0f) * slo + (3.0f * b * b - 1.0f) * shi) * ${lit(1 / t.h)};
  return vec2<f32>(value, derivative);
}
`;
  } else if (integral instanceof HermiteSplineRadialIntegral && integral.uniformTables()) {
    const t = integral.uniformTables()!;
    const count = t.intervals + 1;
    tables = new Float32Array(2 * count * size + N);
    tables.set(t.values, 0);
    tables.set(t.derivatives, count * size);
    key = `hermite:${count}:${t.x0}:${t.h}`;
    spline = `fn radialAt(r: f32, e: u32) -> vec2<f32> {
  let x = (r - ${lit(t.x0)}) * ${lit(1 / t.h)};
  let k = u32(clamp(i32(floor(x)), 0, ${t.intervals - 1}));
  let s = x - f32(k);
  let s2 = s * s;
  let s3 = s2 * s;
  let lo = k * ${size}u + e;
  let hi = lo + ${size}u;
  let h = ${lit(t.h)};
  let y0 = tables[lo];
  let y1 = tables[hi];
  let d0 = tables[${count * size}u + lo];
  let d1 = tables[${count * size}u + hi];
  let value = (2.0f * s3 - 3.0f * s2 + 1.0f) * y0 + (s3 - 2.0f * s2 + s) * h * d0 + (3.0f * s2 - 2.0f * s3) * y1 + (s3 - s2) * h * d1;
  let derivative = (6.0f * s2 - 6.0f * s) * (y0 - y1) * ${lit(1 / t.h)} + (3.0f * s2 - 4.0f * s + 1.0f) * d0 + (3.0f * s2 - 2.0f * s) * d1;
  return vec2<f32>(value, derivative);
}
`;
  } else {
    throw new RangeError(
      'SphericalExpansionGPU needs a splined radial basis on a uniform grid: basis.splineAccuracy > 0 ' +
        "(not 0, the exact integral), and for basis.radial.type 'tabulated' uniformly spaced points",
    );
  }
  const centreOffset = tables.length - N;
  for (let n = 0; n < N; n++) tables[centreOffset + n] = centreWeight * centre[n] * Y00;
  const weight = weightWgsl(hypers);
  return { tables, wgsl: spline + weight.wgsl, centreOffset, key: `${key}:${weight.key}` };
}

/**
 * (sin φ, cos φ) for φ in [0, π/2], by Taylor polynomials to φ¹³ and φ¹⁴ (truncation below
 * 1e−9, so the f32 rounding dominates), instead of WGSL's sin/cos whose accuracy is only 2⁻¹¹.
 */
const SIN_COS = `fn sinCosQuarter(phi: f32) -> vec2<f32> {
  let p2 = phi * phi;
  let s = phi * (1.0f + p2 * (${lit(-1 / 6)} + p2 * (${lit(1 / 120)} + p2 * (${lit(-1 / 5040)} + p2 * (${lit(1 / 362880)} + p2 * (${lit(-1 / 39916800)} + p2 * ${lit(1 / 6227020800)}))))));
  let c = 1.0f + p2 * (-0.5f + p2 * (${lit(1 / 24)} + p2 * (${lit(-1 / 720)} + p2 * (${lit(1 / 40320)} + p2 * (${lit(-1 / 3628800)} + p2 * (${lit(1 / 479001600)} + p2 * ${lit(-1 / 87178291200)}))))));
  return vec2<f32>(s, c);
}
`;

/** `fn weightAt(r: f32) -> vec2<f32>`: w(r) and dw/dr, as cutoff.ts defines them. */
function weightWgsl(hypers: ResolvedHypers): { wgsl: string; key: string } {
  const rc = hypers.cutoff;
  let cutoff: string;
  let key: string;
  if (hypers.smoothing.type === 'step') {
    cutoff = `let fc = vec2<f32>(select(0.0f, 1.0f, r <= ${lit(rc)}), 0.0f);`;
    key = `step:${rc}`;
  } else {
    const width = hypers.smoothing.width;
    const start = rc - width;
    // fc = ½(1 + cos θ) = cos²(θ/2), dfc/dr = −π/(2·width)·sin θ = −π/width·sin(θ/2)·cos(θ/2). WGSL's
    // cos/sin may be off by 2⁻¹¹ (SwiftShader's are), so both come from halfAngle's polynomials.
    cutoff = `var fc = vec2<f32>(1.0f, 0.0f);
  if (r > ${lit(rc)}) {
    fc = vec2<f32>(0.0f, 0.0f);
  } else if (r > ${lit(start)}) {
    let sc = sinCosQuarter((r - ${lit(start)}) * ${lit(Math.PI / (2 * width))});
    fc = vec2<f32>(sc.y * sc.y, ${lit(-Math.PI / width)} * sc.x * sc.y);
  }`;
    key = `cos:${rc}:${width}`;
  }
  const s = hypers.scaling;
  if (!s) return { wgsl: `${SIN_COS}fn weightAt(r: f32) -> vec2<f32> {\n  ${cutoff}\n  return fc;\n}\n`, key };
  // rate / (rate + (r/scale)^exponent), derivative −rate·exponent·x / (r (rate + x)²); r > 0 for every pair
  return {
    wgsl: `${SIN_COS}fn weightAt(r: f32) -> vec2<f32> {
  ${cutoff}
  let x = pow(r * ${lit(1 / s.scale)}, ${lit(s.exponent)});
  let d = ${lit(s.rate)} + x;
  let sc = vec2<f32>(${lit(s.rate)} / d, ${lit(-s.rate * s.exponent)} * x / (r * d * d));
  return vec2<f32>(fc.x * sc.x, fc.y * sc.x + fc.x * sc.y);
}
`,
    key: `${key}:willatt:${s.scale}:${s.rate}:${s.exponent}`,
  };
}
