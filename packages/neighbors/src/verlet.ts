// A neighbour list with a Verlet skin, for molecular dynamics: the pair search runs with
// cutoff + skin and is redone only when some atom has moved more than skin / 2 since it
// last ran (or the cell, periodicity or atom count changed). In between, the stored pairs
// get fresh vectors and distances and are filtered to the cutoff: any pair now closer
// than the cutoff was closer than cutoff + skin at the search, since both atoms moved
// at most skin / 2. On wasm the stored pairs never leave the instance the search ran in,
// and the refresh runs there too (`refresh` in assembly/neighbors.ts).
import { assertNonNegativeNumber, type WasmInstance } from '@equikit/core';
import { checkStructure, type CheckedStructure, type StructureLike } from './input.js';
import {
  checkOptions, SearchState, searchKeepingWasm, type InWasm, type NeighborList, type NeighborListOptions, type CheckedOptions,
} from './neighbor-list.js';
import { PairBuffers } from './pairs.js';
import type { NeighborsExports } from './wasm.js';

export interface VerletNeighborListOptions extends NeighborListOptions {
  /** Extra distance searched beyond the cutoff, Å (finite, ≥ 0). Rebuilds come when an atom moves more than skin / 2. */
  skin: number;
}

/** Buffers after the stored pairs in the wasm arena: positions in, refreshed pairs out. */
interface WasmRefresh extends InWasm {
  positions: number;
  out: { i: number; j: number; s: number; d: number; v: number };
}

export class VerletNeighborList {
  readonly cutoff: number;
  readonly skin: number;
  private readonly searchOptions: CheckedOptions;
  private readonly state = new SearchState(true);
  private readonly out = new PairBuffers();
  private stored: NeighborList | undefined;
  private wasm: WasmRefresh | undefined;
  private reference: { positions: Float64Array; cell: Float64Array; pbc: boolean[] } | undefined;
  /** Whether the last update() ran a new pair search. */
  rebuilt = false;
  /** How many pair searches have run. */
  builds = 0;

  constructor(options: VerletNeighborListOptions) {
    const checked = checkOptions(options);
    assertNonNegativeNumber(options.skin, 'options.skin');
    this.cutoff = checked.cutoff;
    this.skin = options.skin;
    this.searchOptions = { ...checked, cutoff: checked.cutoff + options.skin };
  }

  /**
   * The pairs of `structure` closer than the cutoff, in the order of the last search
   * (sorted by (i, j, S) if `sorted` was asked). The arrays are valid until the next update().
   */
  update(structure: StructureLike): NeighborList {
    const s = checkStructure(structure);
    this.rebuilt = this.needsRebuild(s);
    if (this.rebuilt) {
      const { list, inWasm } = searchKeepingWasm(this.searchOptions, s, this.state);
      this.stored = list;
      this.wasm = inWasm && prepareRefresh(inWasm, s.n);
      this.reference = { positions: s.positions.slice(), cell: s.cell.slice(), pbc: [...s.pbc] };
      this.builds++;
    }
    return this.wasm ? this.refreshInWasm(s, this.wasm) : this.refresh(s, this.stored!);
  }

  private needsRebuild(s: CheckedStructure): boolean {
    const ref = this.reference;
    if (!ref || ref.positions.length !== s.positions.length) return true;
    if (ref.pbc.some((p, k) => p !== s.pbc[k])) return true;
    for (let k = 0; k < 9; k++) if (ref.cell[k] !== s.cell[k]) return true;
    const limit = (this.skin / 2) ** 2;
    const p = s.positions, q = ref.positions;
    for (let k = 0; k < p.length; k += 3) {
      const dx = p[k] - q[k], dy = p[k + 1] - q[k + 1], dz = p[k + 2] - q[k + 2];
      if (dx * dx + dy * dy + dz * dz > limit) return true;
    }
    return false;
  }

  // v = (r_j - r_i) + S·H for each stored pair, kept when |v|² < cutoff² (as `refresh` in the kernel).
  private refresh(s: CheckedStructure, pairs: NeighborList): NeighborList {
    const { positions: r, cell: h } = s;
    const cutoff2 = this.cutoff * this.cutoff;
    this.out.ensure(pairs.length);
    const { i: oI, j: oJ, shifts: oS, distances: oD, vectors: oV } = this.out;
    let count = 0;
    for (let p = 0; p < pairs.length; p++) {
      const i = pairs.i[p], j = pairs.j[p];
      const sx = pairs.shifts[3 * p], sy = pairs.shifts[3 * p + 1], sz = pairs.shifts[3 * p + 2];
      const dx = r[3 * j] - r[3 * i] + (sx * h[0] + sy * h[3] + sz * h[6]);
      const dy = r[3 * j + 1] - r[3 * i + 1] + (sx * h[1] + sy * h[4] + sz * h[7]);
      const dz = r[3 * j + 2] - r[3 * i + 2] + (sx * h[2] + sy * h[5] + sz * h[8]);
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 < cutoff2) {
        oI[count] = i; oJ[count] = j;
        oS[3 * count] = sx; oS[3 * count + 1] = sy; oS[3 * count + 2] = sz;
        oD[count] = Math.sqrt(d2);
        oV[3 * count] = dx; oV[3 * count + 1] = dy; oV[3 * count + 2] = dz;
        count++;
      }
    }
    return {
      length: count,
      i: oI.subarray(0, count), j: oJ.subarray(0, count), shifts: oS.subarray(0, 3 * count),
      distances: oD.subarray(0, count), vectors: oV.subarray(0, 3 * count),
    };
  }

  private refreshInWasm(s: CheckedStructure, w: WasmRefresh): NeighborList {
    const { instance, pairs, out } = w;
    const h = s.cell;
    instance.f64(w.positions, s.positions.length).set(s.positions);
    const k = instance.exports;
    k.configureCell(h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8]);
    k.configureOutput(out.i, out.j, out.s, out.d, out.v, pairs.count);
    const count = k.refresh(pairs.count, pairs.i, pairs.j, pairs.s, w.positions, this.cutoff * this.cutoff);
    return {
      length: count,
      i: instance.i32(out.i, count), j: instance.i32(out.j, count), shifts: instance.i32(out.s, 3 * count),
      distances: instance.f64(out.d, count), vectors: instance.f64(out.v, 3 * count),
    };
  }
}

/** Allocates, after the stored pairs, room for the positions and for the refreshed pairs. */
function prepareRefresh(inWasm: InWasm, n: number): WasmRefresh {
  const wasm: WasmInstance<NeighborsExports> = inWasm.instance;
  const count = inWasm.pairs.count;
  const positions = wasm.alloc(24 * n);
  const out = { i: wasm.alloc(4 * count), j: wasm.alloc(4 * count), s: wasm.alloc(12 * count), d: wasm.alloc(8 * count), v: wasm.alloc(24 * count) };
  return { ...inWasm, positions, out };
}
