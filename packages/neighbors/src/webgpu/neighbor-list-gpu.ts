// NeighborListGPU: the cell-list neighbour search on WebGPU (f32). The grid's shape (basis,
// bins, stencil reach) is decided on the CPU in f64 as buildGrid does, with bins a little
// thicker so that f32 binning can never hide a pair; binning, the counting sort and the pair
// search run on the GPU, and the pairs stay there (GpuPairList) for the next kernel. The one
// read-back is the pair count (to size the output) and the smallest distance (overlaps).
import { checkStructure, type CheckedStructure, type StructureLike } from '../input.js';
import { searchBasis } from '../grid.js';
import type { NeighborList } from '../neighbor-list.js';
import { GpuContext, type GpuContextOptions } from './runtime/context.js';
import type { WebGpuBuffer, WebGpuCommandEncoder } from './runtime/gpu-types.js';
import { assertPositiveNumber } from '@equikit/core';
import type { GpuPairList } from './pair-list-gpu.js';
import { binAtomsProgram, placeAtomsProgram, searchProgram, sortBinsProgram } from './neighbor-list-wgsl.js';
import { scanAddProgram, scanBlocksProgram, SCAN_BLOCK } from './scan-wgsl.js';

const WHO = 'NeighborListGPU';
/** Bins this much thicker than the cutoff (relative): covers f32 rounding of the fractional coordinates. */
const THICKER = 1e-4;
const MARGIN = 1e-6;

export interface GridShape {
  /** The uniform block of the programs (224 bytes). */
  uniform: ArrayBuffer;
  nbins: number;
  bins: [number, number, number];
  reach: [number, number, number];
}

/** The grid of `s` for `cutoff`, as buildGrid chooses it (bins ≥ cutoff·(1 + 1e−4) thick, at most 4n + 8 of them). */
export function gridShape(s: CheckedStructure, cutoff: number, writeShifts: boolean): GridShape {
  const { n, positions, cell, pbc } = s;
  const B = searchBasis(cell, pbc);
  const G = inverse3(B);
  const lo = [0, 0, 0];
  const extent = [1, 1, 1];
  for (let k = 0; k < 3; k++) {
    if (pbc[k]) continue;
    let min = Infinity;
    let max = -Infinity;
    for (let a = 0; a < n; a++) {
      const f = positions[3 * a] * G[k] + positions[3 * a + 1] * G[3 + k] + positions[3 * a + 2] * G[6 + k];
      if (f < min) min = f;
      if (f > max) max = f;
    }
    lo[k] = n === 0 ? 0 : min;
    extent[k] = n === 0 ? 0 : max - min;
  }
  const bins: [number, number, number] = [1, 1, 1];
  const reach = [0, 0, 0];
  for (let k = 0; k < 3; k++) {
    reach[k] = cutoff * Math.hypot(G[k], G[3 + k], G[6 + k]);
    bins[k] = Math.max(1, Math.min(2 ** 20, Math.floor(extent[k] / (reach[k] * (1 + THICKER)))));
  }
  while (bins[0] * bins[1] * bins[2] > 4 * n + 8) {
    const k = bins.indexOf(Math.max(...bins));
    bins[k] = Math.max(1, Math.floor(bins[k] / 2));
  }
  const search: [number, number, number] = [0, 0, 0];
  for (let k = 0; k < 3; k++) {
    search[k] = extent[k] > 0 ? Math.ceil((reach[k] * bins[k]) / extent[k] + MARGIN) : 0;
    if (!pbc[k]) search[k] = Math.min(search[k], bins[k] - 1);
  }
  const uniform = new ArrayBuffer(224);
  const f = new Float32Array(uniform);
  const u = new Uint32Array(uniform);
  const i = new Int32Array(uniform);
  for (let k = 0; k < 3; k++) {
    f.set([G[k], G[3 + k], G[6 + k], 0], 4 * k);
    f[12 + k] = lo[k];
    f[16 + k] = extent[k] > 0 ? bins[k] / extent[k] : 0;
    f.set([cell[3 * k], cell[3 * k + 1], cell[3 * k + 2], 0], 20 + 4 * k);
    // the cell rows' low parts: row − f32(row)
    for (let x = 0; x < 3; x++) f[44 + 4 * k + x] = cell[3 * k + x] - Math.fround(cell[3 * k + x]);
  }
  u.set([bins[0], bins[1], bins[2], 0], 32);
  i.set([search[0], search[1], search[2], (pbc[0] ? 1 : 0) | (pbc[1] ? 2 : 0) | (pbc[2] ? 4 : 0)], 36);
  u[40] = n;
  f[41] = cutoff * cutoff;
  u[42] = writeShifts ? 1 : 0;
  u[43] = bins[0] * bins[1] * bins[2];
  return { uniform, nbins: u[43], bins, reach: search };
}

/** A GpuPairList, with the integer cell shifts of every pair when asked for. */
export interface GpuNeighborList extends GpuPairList {
  /** i32 × 3·pairs: S with vectors = r_j − r_i + S·cell (only with `shifts: true`). */
  readonly shifts?: WebGpuBuffer;
}

export interface NeighborListGPUOptions extends GpuContextOptions {
  context?: GpuContext;
}

export class NeighborListGPU {
  readonly context: GpuContext;
  private readonly programs = {
    bin: binAtomsProgram(),
    place: placeAtomsProgram(),
    sort: sortBinsProgram(),
    count: searchProgram('count'),
    write: searchProgram('write'),
    scan: scanBlocksProgram(),
    add: scanAddProgram(),
  };

  private constructor(context: GpuContext) {
    this.context = context;
  }

  static async create(options: NeighborListGPUOptions = {}): Promise<NeighborListGPU> {
    if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
    const context = options.context ? GpuContext.shared(options.context) : await GpuContext.create(WHO, options);
    const gpu = new NeighborListGPU(context);
    try {
      await Promise.all(Object.values(gpu.programs).map((p) => context.pipeline(p)));
    } catch (error) {
      context.destroy();
      throw error;
    }
    return gpu;
  }

  /**
   * The full list (both directions, images included) of pairs closer than `cutoff`, left on the
   * GPU in rows by centre. Throws a RangeError naming two overlapping atoms' distance 0.
   */
  async buildAsync(structure: StructureLike, cutoff: number, options: { shifts?: boolean } = {}): Promise<GpuNeighborList> {
    this.context.check(WHO);
    assertPositiveNumber(cutoff, 'cutoff');
    const s = checkStructure(structure);
    const n = s.n;
    const ctx = this.context;
    const shape = gridShape(s, cutoff, options.shifts === true);
    const temporaries: WebGpuBuffer[] = [];
    const temp = (b: WebGpuBuffer) => (temporaries.push(b), b);
    const offsets = ctx.buffer('pair offsets', 4 * (n + 1));
    let list: GpuNeighborList | undefined;
    try {
      const encoder = ctx.device.createCommandEncoder();
      const grid = temp(ctx.device.createBuffer({ label: 'grid', size: 224, usage: 0x0040 | 0x0008 }));
      ctx.device.queue.writeBuffer(grid, 0, new Uint8Array(shape.uniform));
      const positions = temp(ctx.upload('positions', twoFloatPositions(s.positions)));
      const wraps = temp(ctx.buffer('wrap shifts', 16 * n));
      const atomBin = temp(ctx.buffer('atom bins', 4 * n));
      const binCount = temp(ctx.buffer('bin counts', 4 * (shape.nbins + 1)));
      const binStart = temp(ctx.buffer('bin starts', 4 * (shape.nbins + 1)));
      const binFill = temp(ctx.buffer('bin fill', 4 * shape.nbins));
      const order = temp(ctx.buffer('atoms by bin', 4 * n));
      const counts = temp(ctx.buffer('pair counts', 4 * (n + 1)));
      const minimum = temp(ctx.upload('smallest distance²', Uint32Array.of(0x7f7fffff)));
      if (n > 0) {
        ctx.dispatch(encoder, this.programs.bin, await ctx.pipeline(this.programs.bin), [grid, positions, wraps, atomBin, binCount], n);
        await this.encodeScan(encoder, binCount, binStart, shape.nbins + 1, temp);
        ctx.dispatch(encoder, this.programs.place, await ctx.pipeline(this.programs.place), [grid, atomBin, binStart, binFill, order], n);
        ctx.dispatch(encoder, this.programs.sort, await ctx.pipeline(this.programs.sort), [grid, binStart, order], shape.nbins);
        ctx.dispatch(encoder, this.programs.count, await ctx.pipeline(this.programs.count), [grid, positions, wraps, binStart, order, counts, minimum], n);
        await this.encodeScan(encoder, counts, offsets, n + 1, temp);
      }
      await ctx.submit(WHO, encoder);
      const [total, smallest] = await ctx.read(WHO, [
        { buffer: offsets, bytes: 4, offset: 4 * n },
        { buffer: minimum, bytes: 4 },
      ]);
      const pairs = new Uint32Array(total)[0];
      if (pairs > 0 && new Float32Array(smallest)[0] === 0) {
        throw new RangeError('structure: two atoms overlap (distance 0); the density expansion is undefined there');
      }
      const neighbours = ctx.buffer('pair neighbours', 4 * pairs);
      const vectors = ctx.buffer('pair vectors', 12 * pairs);
      const shifts = options.shifts ? ctx.buffer('pair shifts', 12 * pairs) : undefined;
      list = {
        atoms: n,
        pairs,
        offsets,
        neighbours,
        vectors,
        shifts,
        destroy() {
          offsets.destroy();
          neighbours.destroy();
          vectors.destroy();
          shifts?.destroy();
        },
      };
      if (pairs > 0) {
        const second = ctx.device.createCommandEncoder();
        const shiftBuffer = shifts ?? temp(ctx.buffer('no shifts', 16));
        ctx.dispatch(second, this.programs.write, await ctx.pipeline(this.programs.write), [grid, positions, wraps, binStart, order, offsets, neighbours, vectors, shiftBuffer], n);
        await ctx.submit(WHO, second);
      }
      await ctx.device.queue.onSubmittedWorkDone();
      return list;
    } catch (error) {
      if (list) list.destroy();
      else offsets.destroy();
      throw error;
    } finally {
      for (const b of temporaries) b.destroy();
    }
  }

  /** The list read back in NeighborList's form (f32 vectors widened to f64), ordered by centre. */
  async computeAsync(structure: StructureLike, options: { cutoff: number }): Promise<NeighborList> {
    if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object with a cutoff, got ${options === null ? 'null' : typeof options}`);
    const list = await this.buildAsync(structure, options.cutoff, { shifts: true });
    try {
      const P = list.pairs;
      const [o, j, v, S] = await this.context.read(WHO, [
        { buffer: list.offsets, bytes: 4 * (list.atoms + 1) },
        { buffer: list.neighbours, bytes: 4 * P },
        { buffer: list.vectors, bytes: 12 * P },
        { buffer: list.shifts!, bytes: 12 * P },
      ]);
      const offsets = new Uint32Array(o);
      const i = new Int32Array(P);
      for (let a = 0; a < list.atoms; a++) i.fill(a, offsets[a], offsets[a + 1]);
      const vectors = Float64Array.from(new Float32Array(v));
      const distances = new Float64Array(P);
      for (let p = 0; p < P; p++) distances[p] = Math.hypot(vectors[3 * p], vectors[3 * p + 1], vectors[3 * p + 2]);
      return { length: P, i, j: new Int32Array(j), shifts: new Int32Array(S), vectors, distances };
    } finally {
      list.destroy();
    }
  }

  destroy(): void {
    this.context.destroy();
  }

  /** Exclusive scan of `count` u32 from `data` into `out` (recursive over block totals). */
  private async encodeScan(encoder: WebGpuCommandEncoder, data: WebGpuBuffer, out: WebGpuBuffer, count: number, temp: (b: WebGpuBuffer) => WebGpuBuffer): Promise<void> {
    const ctx = this.context;
    const blocks = Math.ceil(count / SCAN_BLOCK);
    const params = temp(ctx.params('scan params', [count]));
    const totals = temp(ctx.buffer('scan totals', 4 * blocks));
    ctx.dispatch(encoder, this.programs.scan, await ctx.pipeline(this.programs.scan), [params, data, out, totals], blocks);
    if (blocks > 1) {
      const scanned = temp(ctx.buffer('scanned totals', 4 * blocks));
      await this.encodeScan(encoder, totals, scanned, blocks, temp);
      ctx.dispatch(encoder, this.programs.add, await ctx.pipeline(this.programs.add), [params, out, scanned], blocks);
    }
  }
}

/** Positions as vec4 pairs per atom: (f32(x), f32(y), f32(z), 0), then the remainders x − f32(x), … . */
export function twoFloatPositions(positions: Float64Array): Float32Array {
  const n = positions.length / 3;
  const out = new Float32Array(8 * n);
  for (let a = 0; a < n; a++) {
    for (let x = 0; x < 3; x++) {
      const v = positions[3 * a + x];
      const hi = Math.fround(v);
      out[8 * a + x] = hi;
      out[8 * a + 4 + x] = v - hi;
    }
  }
  return out;
}

function inverse3(m: Float64Array): Float64Array {
  const d = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
  return new Float64Array([
    (m[4] * m[8] - m[5] * m[7]) / d, (m[2] * m[7] - m[1] * m[8]) / d, (m[1] * m[5] - m[2] * m[4]) / d,
    (m[5] * m[6] - m[3] * m[8]) / d, (m[0] * m[8] - m[2] * m[6]) / d, (m[2] * m[3] - m[0] * m[5]) / d,
    (m[3] * m[7] - m[4] * m[6]) / d, (m[1] * m[6] - m[0] * m[7]) / d, (m[0] * m[4] - m[1] * m[3]) / d,
  ]);
}
