// A pair list on the GPU, in the form every GPU kernel reads: compressed rows by centre
// (offsets), each pair's neighbour index and its vector r_j + S·cell − r_i in f32.
import type { NeighborList } from '../neighbor-list.js';
import type { GpuContext } from './runtime/context.js';
import type { WebGpuBuffer } from './runtime/gpu-types.js';

export interface GpuPairList {
  /** Number of atoms (centres). */
  readonly atoms: number;
  /** Number of pairs (a full list: both directions, periodic images included). */
  readonly pairs: number;
  /** u32 × (atoms + 1): the pairs of centre i are offsets[i] ≤ p < offsets[i + 1]. */
  readonly offsets: WebGpuBuffer;
  /** u32 × pairs: the neighbour j of pair p. */
  readonly neighbours: WebGpuBuffer;
  /** f32 × 3·pairs: r_j + S·cell − r_i. */
  readonly vectors: WebGpuBuffer;
  /** Frees the buffers. */
  destroy(): void;
}

/** Row offsets of a list sorted by centre (throws if it is not). */
export function centreOffsets(list: Pick<NeighborList, 'length' | 'i'>, atoms: number): Uint32Array {
  const offsets = new Uint32Array(atoms + 1);
  for (let p = 0; p < list.length; p++) {
    const i = list.i[p];
    if (p > 0 && i < list.i[p - 1]) throw new RangeError('pairs must be sorted by centre (neighborList with sorted: true)');
    offsets[i + 1]++;
  }
  for (let a = 0; a < atoms; a++) offsets[a + 1] += offsets[a];
  return offsets;
}

/** Uploads a full, centre-sorted CPU neighbour list. */
export function uploadPairList(context: GpuContext, list: Pick<NeighborList, 'length' | 'i' | 'j' | 'vectors'>, atoms: number): GpuPairList {
  const offsets = context.upload('pair offsets', centreOffsets(list, atoms));
  const neighbours = context.upload('pair neighbours', Uint32Array.from(list.j));
  const vectors = context.upload('pair vectors', Float32Array.from(list.vectors));
  return {
    atoms,
    pairs: list.length,
    offsets,
    neighbours,
    vectors,
    destroy() {
      offsets.destroy();
      neighbours.destroy();
      vectors.destroy();
    },
  };
}
