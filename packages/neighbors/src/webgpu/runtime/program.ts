// A GPU program in onnxruntime-web's shape: a name, a cache key fixed when the calculator is
// set up (hypers, species count: never an input's size), the WGSL source, and how a number of
// items maps to a dispatch. Pipelines are cached per device by the key.

export interface GpuProgram {
  /** What it computes, for labels and error messages. */
  readonly name: string;
  /** Fixed at set-up; two programs with one key have one source (pipelines are cached by it). */
  readonly cacheKey: string;
  readonly source: string;
  /** Invocations per workgroup. */
  readonly workgroupSize: number;
  /** 'thread': one invocation per item; 'workgroup': one workgroup per item (an atom, a bin). */
  readonly granularity: 'thread' | 'workgroup';
}

/**
 * Workgroups (x, y) for `items`: x at most `maxPerDimension`, y rows of it. The shader
 * recovers the linear index with `linearWorkgroup(wg, nwg)` (WGSL_INDEXING) and returns past
 * the last item.
 */
export function dispatchSize(program: GpuProgram, items: number, maxPerDimension: number): [number, number] {
  const groups = program.granularity === 'thread' ? Math.ceil(items / program.workgroupSize) : items;
  if (groups === 0) return [0, 0];
  const x = Math.min(groups, maxPerDimension);
  const y = Math.ceil(groups / x);
  if (y > maxPerDimension) throw new RangeError(`${program.name}: ${items} items need more than ${maxPerDimension}² workgroups`);
  return [x, y];
}

/** WGSL helpers for a 2-D dispatch: the linear workgroup index. */
export const WGSL_INDEXING = `fn linearWorkgroup(wg: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return wg.x + wg.y * nwg.x;
}
`;

/** An f32 WGSL literal that round-trips the nearest f32 to v. */
export function f32Literal(v: number): string {
  const f = Math.fround(v);
  if (!Number.isFinite(f)) throw new RangeError(`${v} is not representable in f32`);
  const text = `${f.toPrecision(9)}f`;
  return f < 0 ? `(${text})` : text;
}

/**
 * WGSL for compensated (two-float) accumulation: hi + lo carries the sum with about twice
 * f32's precision (Knuth's TwoSum: exact error of each addition, no multiplication that a
 * compiler could fuse).
 */
export const WGSL_TWO_SUM = `fn twoSumLo(hi: f32, x: f32, s: f32) -> f32 {
  let bp = s - hi;
  return (hi - (s - bp)) + (x - bp);
}
`;
