// How a CentreMap's flat feature axis splits into the keyed blocks of a TensorMap. Each
// calculator describes its own axis (PowerSpectrum: one block per neighbour-type pair;
// λ-SOAP: one per (λ, σ, pair)); tensor-map.ts turns any such description into a TensorMap.
import { Labels } from '@equikit/core';

export interface FeatureBlock {
  /** This block's key values after `center_type`, in `FeatureLayout.keyNames` order. */
  key: readonly number[];
  /**
   * The neighbour species (indices into the species list) the block is built from: the key
   * exists for centre type c when each of them occurs around some atom of type c (the centre's
   * own type always does). 'all' (after species mixing): for every centre type present.
   */
  neighbourTypes: readonly number[] | 'all';
  /**
   * The neighbour species whose motion can change the block (default: neighbourTypes): a pair's
   * tangent must be zero in this block unless its neighbour has one of these types, and a
   * positions-gradient row is kept for each such neighbour. 'all' when every neighbour moves
   * every block (a normalised feature vector, species mixing).
   */
  gradientTypes?: readonly number[] | 'all';
  /** Component axes (e.g. o3_mu), outermost first; [] for invariants. */
  components: readonly Labels[];
  properties: Labels;
  /** First feature of the block on the map's axis: it spans [components][properties] from here. */
  offset: number;
}

export interface FeatureLayout {
  /** Key names after 'center_type'. */
  keyNames: readonly string[];
  blocks: readonly FeatureBlock[];
}

/** Features of a block: Π components × properties. */
export function blockSize(block: FeatureBlock): number {
  return block.components.reduce((size, c) => size * c.count, block.properties.count);
}

/** The default: the whole axis as one block per centre type, properties (feature). */
export function singleBlockLayout(size: number): FeatureLayout {
  return { keyNames: [], blocks: [{ key: [], neighbourTypes: 'all', components: [], properties: Labels.range('feature', size), offset: 0 }] };
}
