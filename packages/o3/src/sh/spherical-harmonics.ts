// The calculator: built once per lMax, it owns the prefactor tables and scratch
// buffers (sphericart's design), so compute calls do no set-up work.
import {
  assertAllFinite,
  assertBoolean,
  assertFloatArray,
  assertInteger,
  assertOneOf,
  resolveBackend,
  type BackendName,
} from '@equikit/core';
import { generateKernel, type GeneratedKernel } from './kernel-codegen.js';
import { computeJs } from './kernel-js.js';
import { computeWasm, computeWasmView, wasmTables, type Precision, type WasmTables } from './kernel-wasm.js';
import { buildPrefactors, MAX_L, type Prefactors } from './prefactors.js';

export type { Precision };
export { MAX_L };

export interface SphericalHarmonicsOptions {
  /**
   * true (default): real spherical harmonics of the direction r/|r|, orthonormal on the
   * unit sphere, Y(1,−1) ∝ y, Y(1,0) ∝ z, Y(1,1) ∝ x (sphericart's SphericalHarmonics).
   * false: real solid harmonics |r|^l·Y(r/|r|) (sphericart's SolidHarmonics).
   */
  normalized?: boolean;
  /** 'f64' (default) or 'f32': the type of the returned arrays and of the kernels' arithmetic. */
  precision?: Precision;
  /** Force one backend for this calculator ('js', 'wasm', 'wasm-simd'); default: the best available. */
  backend?: BackendName;
}

/** A Float64Array for precision 'f64', a Float32Array for 'f32'. */
export type ArrayFor<P extends Precision> = P extends 'f32' ? Float32Array : Float64Array;

/**
 * Outputs, sphericart's layout, K = (lMax+1)², k = l² + l + m:
 * - values:    n × K, values[i·K + k]
 * - gradients: n × 3 × K, gradients[(i·3 + a)·K + k] = ∂Y_k/∂r_a (a = x, y, z)
 * - hessians:  n × 9 × K, hessians[(i·9 + 3a + b)·K + k] = ∂²Y_k/∂r_a∂r_b
 */
export interface HarmonicsResult<A> {
  values: A;
  gradients?: A;
  hessians?: A;
}

const IMPLEMENTED: readonly BackendName[] = ['js', 'wasm', 'wasm-simd'];
const JS_CHUNK = 256; // points per f64 scratch block on the f32 JS path

export class SphericalHarmonics<P extends Precision = 'f64'> {
  readonly lMax: number;
  readonly normalized: boolean;
  readonly precision: P;
  readonly backend: BackendName | undefined;
  /** Number of harmonics per point, (lMax+1)². */
  readonly size: number;
  private readonly pre: Prefactors;
  private tables: WasmTables | undefined;
  /** Generated TypeScript kernels [values, with gradients]; null where generation is not possible. */
  private readonly generated: Array<GeneratedKernel | null | undefined> = [undefined, undefined];
  /** Scratch of the generic TypeScript path, allocated on first need and kept. */
  private readonly scratch = new Map<string, Float64Array>();

  constructor(lMax: number, options: SphericalHarmonicsOptions & { precision?: P } = {}) {
    assertInteger(lMax, 'lMax', 0, MAX_L);
    if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
    const { normalized = true, precision = 'f64' as P, backend } = options;
    assertBoolean(normalized, 'options.normalized');
    assertOneOf(precision, 'options.precision', ['f64', 'f32']);
    if (backend !== undefined) assertOneOf(backend, 'options.backend', IMPLEMENTED);
    this.lMax = lMax;
    this.normalized = normalized;
    this.precision = precision;
    this.backend = backend;
    this.size = (lMax + 1) * (lMax + 1);
    this.pre = buildPrefactors(lMax);
  }

  /**
   * Values only, n × (lMax+1)². `out.values` (optional) is filled instead of allocating
   * a new array: reusing outputs across calls avoids paying for fresh zeroed memory.
   */
  compute(xyz: Float64Array | Float32Array, out?: HarmonicsResult<ArrayFor<P>>): { values: ArrayFor<P> } {
    return this.run(xyz, 0, out) as { values: ArrayFor<P> };
  }

  /** Values and gradients (n × 3 × (lMax+1)²); `out` as for compute. */
  computeWithGradients(
    xyz: Float64Array | Float32Array,
    out?: HarmonicsResult<ArrayFor<P>>,
  ): { values: ArrayFor<P>; gradients: ArrayFor<P> } {
    return this.run(xyz, 1, out) as { values: ArrayFor<P>; gradients: ArrayFor<P> };
  }

  /**
   * Values, gradients and Hessians (n × 9 × (lMax+1)²). Hessians always run on the
   * TypeScript path, whatever the backend: their 9·K outputs per point make the call
   * bound by memory traffic, where a second (wasm) implementation gains little.
   */
  computeWithHessians(xyz: Float64Array | Float32Array, out?: HarmonicsResult<ArrayFor<P>>): Required<HarmonicsResult<ArrayFor<P>>> {
    return this.run(xyz, 2, out) as Required<HarmonicsResult<ArrayFor<P>>>;
  }

  private run(xyz: Float64Array | Float32Array, order: 0 | 1 | 2, out: HarmonicsResult<ArrayFor<P>> | undefined): HarmonicsResult<ArrayFor<P>> {
    assertFloatArray(xyz, 'xyz', { multipleOf: 3 });
    if (out !== undefined && (out === null || typeof out !== 'object')) {
      throw new TypeError(`out must be an object { values?, gradients?, hessians? }, got ${out === null ? 'null' : typeof out}`);
    }
    const n = xyz.length / 3;
    const K = this.size;
    const values = this.output(out?.values, 'out.values', n * K);
    const gradients = order >= 1 ? this.output(out?.gradients, 'out.gradients', 3 * n * K) : undefined;
    const hessians = order >= 2 ? this.output(out?.hessians, 'out.hessians', 9 * n * K) : undefined;
    const backend = resolveBackend('SphericalHarmonics', IMPLEMENTED, this.backend);
    let bad: boolean;
    if (order < 2 && (backend === 'wasm' || backend === 'wasm-simd')) {
      this.tables ??= wasmTables(this.pre, this.precision);
      const input = this.precision === 'f32' ? toF32(xyz) : toF64(xyz);
      bad = computeWasm(backend, this.lMax, this.tables, this.normalized, input, values, gradients);
    } else {
      bad = this.runJs(toF64(xyz), n, values, gradients, hessians);
    }
    // The kernels flag non-finite |r|² as they go (cheaper than a separate pass); name the point.
    if (bad) throwForBadPoint(xyz, this.precision);
    const result: HarmonicsResult<ArrayFor<P>> = { values };
    if (gradients) result.gradients = gradients;
    if (hessians) result.hessians = hessians;
    return result;
  }

  /**
   * Zero-copy values (and gradients with `{ gradients: true }`) on a wasm backend: the
   * returned arrays are views of the module's memory, so no output is copied. They stay
   * valid only until the next call into @equikit/o3's wasm (any calculator): call
   * `.slice()` to keep them. Throws on the 'js' backend, which has no wasm memory.
   */
  computeView(xyz: Float64Array | Float32Array, options: { gradients?: boolean } = {}): { values: ArrayFor<P>; gradients?: ArrayFor<P> } {
    assertFloatArray(xyz, 'xyz', { multipleOf: 3 });
    const { gradients = false } = options ?? {};
    assertBoolean(gradients, 'options.gradients');
    const backend = resolveBackend('SphericalHarmonics.computeView', ['wasm', 'wasm-simd'], this.backend === 'js' ? 'js' : this.backend);
    this.tables ??= wasmTables(this.pre, this.precision);
    const input = this.precision === 'f32' ? toF32(xyz) : toF64(xyz);
    const { bad, ...result } = computeWasmView(backend as 'wasm' | 'wasm-simd', this.lMax, this.tables, this.normalized, input, gradients);
    if (bad) throwForBadPoint(xyz, this.precision);
    return result as { values: ArrayFor<P>; gradients?: ArrayFor<P> };
  }

  private buffer(name: string, length: number): Float64Array {
    let b = this.scratch.get(name);
    if (!b) this.scratch.set(name, (b = new Float64Array(length)));
    return b;
  }

  /** The caller's output array, checked, or a new one. */
  private output(given: ArrayFor<P> | undefined, name: string, length: number): ArrayFor<P> {
    const Out = this.precision === 'f32' ? Float32Array : Float64Array;
    if (given === undefined) return new Out(length) as ArrayFor<P>;
    if (!(given instanceof Out)) {
      throw new TypeError(`${name} must be a ${Out.name} (precision '${this.precision}'), got ${describeArray(given)}`);
    }
    if (given.length !== length) throw new RangeError(`${name} must have length ${length}, got ${given.length}`);
    return given;
  }

  private runJs(
    xyz: Float64Array,
    n: number,
    values: ArrayFor<P>,
    gradients: ArrayFor<P> | undefined,
    hessians: ArrayFor<P> | undefined,
  ): boolean {
    const K = this.size;
    const order = hessians ? 2 : gradients ? 1 : 0;
    let kernel: GeneratedKernel | null | undefined;
    if (order < 2) {
      kernel = this.generated[order];
      if (kernel === undefined) kernel = this.generated[order] = generateKernel(this.pre, this.normalized, order === 1) ?? null;
    }
    // Generated kernels write either precision directly (float64 arithmetic, one rounding).
    if (kernel) return kernel(xyz, 0, n, values, gradients);
    const row = this.buffer('row', 3 * K);
    if (values instanceof Float64Array) {
      return computeJs(this.pre, this.normalized, xyz, 0, n, {
        values,
        gradients: gradients as Float64Array | undefined,
        hessians: hessians as Float64Array | undefined,
        scratch: row,
      });
    }
    const s = {
      values: this.buffer('values', JS_CHUNK * K),
      gradients: gradients ? this.buffer('gradients', 3 * JS_CHUNK * K) : undefined,
      hessians: hessians ? this.buffer('hessians', 9 * JS_CHUNK * K) : undefined,
    };
    let bad = false;
    // f32 output: compute in f64 blocks, then round once when copying out.
    for (let start = 0; start < n; start += JS_CHUNK) {
      const count = Math.min(JS_CHUNK, n - start);
      const chunkBad = computeJs(this.pre, this.normalized, xyz, start, count, { ...s, scratch: row });
      bad ||= chunkBad;
      values.set(s.values.subarray(0, count * K), start * K);
      if (gradients) gradients.set(s.gradients!.subarray(0, 3 * count * K), 3 * start * K);
      if (hessians) hessians.set(s.hessians!.subarray(0, 9 * count * K), 9 * start * K);
    }
    return bad;
  }
}

// Calculators behind the one-shot function, one per configuration, so repeated one-shot
// calls do not rebuild tables or regenerate kernels (a few kinds at most in practice).
const oneShotCache = new Map<string, SphericalHarmonics<Precision>>();

/** One-shot: values (and gradients/Hessians when asked) from a cached calculator for this configuration. */
export function sphericalHarmonics<P extends Precision = 'f64'>(
  xyz: Float64Array | Float32Array,
  lMax: number,
  options: SphericalHarmonicsOptions & { precision?: P; gradients?: boolean; hessians?: boolean } = {},
): HarmonicsResult<ArrayFor<P>> {
  if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
  const { gradients = false, hessians = false, ...rest } = options;
  assertBoolean(gradients, 'options.gradients');
  assertBoolean(hessians, 'options.hessians');
  const key = `${lMax}|${rest.normalized}|${rest.precision}|${rest.backend}`;
  let calculator = oneShotCache.get(key) as SphericalHarmonics<P> | undefined;
  if (!calculator) {
    calculator = new SphericalHarmonics<P>(lMax, rest);
    if (oneShotCache.size >= 32) oneShotCache.delete(oneShotCache.keys().next().value!);
    oneShotCache.set(key, calculator as SphericalHarmonics<Precision>);
  }
  if (hessians) return calculator.computeWithHessians(xyz);
  if (gradients) return calculator.computeWithGradients(xyz);
  return calculator.compute(xyz);
}

/** Throws naming the first point that is not finite, or whose |r|² overflows the precision. */
function throwForBadPoint(xyz: Float64Array | Float32Array, precision: Precision): never {
  assertAllFinite(xyz, 'xyz', 3);
  const max = precision === 'f32' ? 3.4028234663852886e38 : Number.MAX_VALUE;
  const round = precision === 'f32' ? Math.fround : (v: number) => v;
  for (let i = 0; i < xyz.length; i += 3) {
    const r2 = round(xyz[i]) ** 2 + round(xyz[i + 1]) ** 2 + round(xyz[i + 2]) ** 2;
    if (!(r2 <= max)) {
      throw new RangeError(`xyz[${i / 3}] is too large for precision '${precision}': |r|² overflows (got ${xyz[i]}, ${xyz[i + 1]}, ${xyz[i + 2]})`);
    }
  }
  throw new Error('SphericalHarmonics: a kernel reported a non-finite point that could not be found again (please report this)');
}

function describeArray(value: unknown): string {
  if (value === null) return 'null';
  return ArrayBuffer.isView(value) ? value.constructor.name : typeof value;
}

function toF64(xyz: Float64Array | Float32Array): Float64Array {
  return xyz instanceof Float64Array ? xyz : Float64Array.from(xyz);
}

function toF32(xyz: Float64Array | Float32Array): Float32Array {
  return xyz instanceof Float32Array ? xyz : Float32Array.from(xyz);
}
