// TensorMap: metatensor's block-sparse tensor. Each key (one entry of `keys`)
// names one TensorBlock; all blocks share sample, component and property
// names and the same gradients, so blocks can be merged by moving key
// dimensions into the samples or the properties.

import { TensorBlock } from './block.js';
import { componentToProperties } from './components-to-properties.js';
import { keysToPropertiesBlocks, type MergeOptions } from './keys-to-properties.js';
import { keysToSamplesBlocks } from './keys-to-samples.js';
import { Labels, sameNames, selectionToLabels, type LabelsSelection } from './labels.js';

export type { MergeOptions } from './keys-to-properties.js';

/** Which block(s): a position in the keys, `{ name: value }` for some key names, or Labels. */
export type BlockSelection = number | LabelsSelection | Labels;

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}

function listNames(names: readonly string[]): string {
  return `[${names.join(', ')}]`;
}

/** Gradient layout that must be the same in every block: parameter → sample names and component names. */
function gradientSignature(block: TensorBlock): string {
  return block
    .gradients()
    .map(([p, g]) => `${p}: samples ${listNames(g.samples.names)}, components ${listNames(g.components.map((c) => c.names[0]))}`)
    .sort()
    .join('; ');
}

function toKeysToMove(keysToMove: unknown): Labels {
  if (keysToMove instanceof Labels) return keysToMove;
  if (typeof keysToMove === 'string' || Array.isArray(keysToMove)) return Labels.empty(keysToMove as string | string[]);
  throw new TypeError(`keysToMove must be a key name, an array of key names or Labels, got ${describeValue(keysToMove)}`);
}

function mergeOptions(options: MergeOptions | undefined): { fillValue: number; sortSamples: boolean } {
  if (options === undefined) return { fillValue: 0, sortSamples: true };
  if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${describeValue(options)}`);
  const { fillValue = 0, sortSamples = true } = options;
  if (typeof fillValue !== 'number') throw new TypeError(`options.fillValue must be a number, got ${describeValue(fillValue)}`);
  if (typeof sortSamples !== 'boolean') throw new TypeError(`options.sortSamples must be a boolean, got ${describeValue(sortSamples)}`);
  return { fillValue, sortSamples };
}

export class TensorMap {
  readonly keys: Labels;
  private readonly blockList: readonly TensorBlock[];

  /**
   * @param keys one entry per block
   * @param blocks in the order of `keys`; they must share sample, component
   *   and property names and have the same gradients. The map keeps the blocks
   *   (no copy); adding gradients to them afterwards is refused.
   */
  constructor(keys: Labels, blocks: readonly TensorBlock[]) {
    if (!(keys instanceof Labels)) throw new TypeError(`keys must be Labels, got ${describeValue(keys)}`);
    if (!Array.isArray(blocks as unknown)) throw new TypeError(`blocks must be an array of TensorBlock, got ${describeValue(blocks)}`);
    if (blocks.length !== keys.count) {
      throw new RangeError(`blocks must have one block per key entry (${keys.count}), got ${blocks.length}`);
    }
    blocks.forEach((block: unknown, i) => {
      if (!(block instanceof TensorBlock)) throw new TypeError(`blocks[${i}] must be a TensorBlock, got ${describeValue(block)}`);
    });
    if (blocks.length > 0) {
      const first = blocks[0];
      const components = first.components.map((c) => c.names[0]);
      const gradients = gradientSignature(first);
      blocks.forEach((block, i) => {
        if (!sameNames(block.samples.names, first.samples.names)) {
          throw new RangeError(`blocks[${i}] must have the same sample names as blocks[0] (${listNames(first.samples.names)}), got ${listNames(block.samples.names)}`);
        }
        const names = block.components.map((c) => c.names[0]);
        if (!sameNames(names, components)) {
          throw new RangeError(`blocks[${i}] must have the same component names as blocks[0] (${listNames(components)}), got ${listNames(names)}`);
        }
        if (!sameNames(block.properties.names, first.properties.names)) {
          throw new RangeError(`blocks[${i}] must have the same property names as blocks[0] (${listNames(first.properties.names)}), got ${listNames(block.properties.names)}`);
        }
        const signature = gradientSignature(block);
        if (signature !== gradients) {
          throw new RangeError(`blocks[${i}] must have the same gradients as blocks[0] ({${gradients}}), got {${signature}}`);
        }
      });
    }
    this.keys = keys;
    this.blockList = Object.freeze(blocks.slice());
    for (const block of blocks) block.freeze();
  }

  /** Number of blocks. */
  get length(): number {
    return this.blockList.length;
  }

  /** Sample names shared by all blocks (empty for a map without blocks). */
  get sampleNames(): readonly string[] {
    return this.blockList.length === 0 ? [] : this.blockList[0].samples.names;
  }

  /** Component names shared by all blocks, one per component axis. */
  get componentNames(): readonly string[] {
    return this.blockList.length === 0 ? [] : this.blockList[0].components.map((c) => c.names[0]);
  }

  /** Property names shared by all blocks. */
  get propertyNames(): readonly string[] {
    return this.blockList.length === 0 ? [] : this.blockList[0].properties.names;
  }

  /**
   * The one block matching `selection`: its position, or the values of some
   * key dimensions (`{ o3_lambda: 1, o3_sigma: 1 }`). Throws when none or
   * several blocks match.
   */
  block(selection: BlockSelection): TensorBlock {
    if (typeof selection === 'number') {
      if (!Number.isInteger(selection)) throw new TypeError(`selection must be an integer position, got ${selection}`);
      if (selection < 0 || selection >= this.length) {
        throw new RangeError(`selection must be a block position in [0, ${this.length - 1}], got ${selection}`);
      }
      return this.blockList[selection];
    }
    const matching = this.blockIds(selection);
    if (matching.length === 1) return this.blockList[matching[0]];
    const described = selection instanceof Labels ? selection.toString() : JSON.stringify(selection);
    if (matching.length === 0) {
      throw new RangeError(this.length === 0 ? 'there are no blocks in this TensorMap' : `selection matched no block: ${described}`);
    }
    throw new RangeError(`selection matched ${matching.length} blocks, use blocks() to get all of them: ${described}`);
  }

  /** All blocks, or those matching `selection`, in key order. */
  blocks(selection?: LabelsSelection | Labels): TensorBlock[] {
    if (selection === undefined) return this.blockList.slice();
    return Array.from(this.blockIds(selection), (i) => this.blockList[i]);
  }

  /** Positions of the blocks whose keys match `selection`. */
  blockIds(selection: LabelsSelection | Labels): Int32Array {
    const labels = selection instanceof Labels ? selection : selectionToLabels(selection);
    return this.keys.select(labels);
  }

  /**
   * Merges blocks along the properties, moving the `keysToMove` key
   * dimensions to the front of the property names (metatensor's
   * `keys_to_properties`). Given names (or Labels without entries), the new
   * properties are the blocks' keys × their properties. Given Labels with
   * entries, they are exactly those entries × the (shared) properties, and
   * entries without a block are filled with `fillValue`. Samples are the union
   * of the merged blocks' samples; missing ones are filled with `fillValue`.
   * Gradient samples are remapped to the merged samples (and sorted).
   */
  keysToProperties(keysToMove: string | readonly string[] | Labels, options?: MergeOptions): TensorMap {
    const moved = toKeysToMove(keysToMove);
    const { fillValue, sortSamples } = mergeOptions(options);
    if (this.keys.count === 0) throw new RangeError('cannot move keys to properties: this TensorMap has no keys');
    const merged = keysToPropertiesBlocks(this.keys, this.blockList, moved, fillValue, sortSamples);
    return new TensorMap(merged.keys, merged.blocks);
  }

  /**
   * Merges blocks along the samples, appending the `keysToMove` key
   * dimensions to the sample names (metatensor's `keys_to_samples`). Blocks
   * with different properties are merged over the union of their properties,
   * missing entries filled with `fillValue`. Gradient samples are remapped.
   */
  keysToSamples(keysToMove: string | readonly string[] | Labels, options?: MergeOptions): TensorMap {
    const moved = toKeysToMove(keysToMove);
    const { fillValue, sortSamples } = mergeOptions(options);
    if (this.keys.count === 0) throw new RangeError('cannot move keys to samples: this TensorMap has no keys');
    const merged = keysToSamplesBlocks(this.keys, this.blockList, moved, fillValue, sortSamples);
    return new TensorMap(merged.keys, merged.blocks);
  }

  /**
   * Moves the named component axes into the properties of every block (and
   * gradient), each one in turn becoming the outermost property dimension.
   */
  componentsToProperties(dimensions: string | readonly string[]): TensorMap {
    const names = typeof dimensions === 'string' ? [dimensions] : dimensions;
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) {
      throw new TypeError(`dimensions must be a component name or an array of them, got ${describeValue(dimensions)}`);
    }
    const blocks = this.blockList.map((block) => names.reduce((b: TensorBlock, name: string) => componentToProperties(b, name), block));
    return new TensorMap(this.keys, names.length === 0 ? blocks.map((b) => b.copy()) : blocks);
  }

  /** A deep copy: every block's values copied. */
  copy(): TensorMap {
    return new TensorMap(this.keys, this.blockList.map((b) => b.copy()));
  }

  toString(): string {
    const keys = this.keys.toString().split('\n').slice(1, -1);
    const lines = keys.map((line, i) => (i === 0 ? 'keys: ' : '      ') + line.slice(4));
    return [`TensorMap with ${this.length} block${this.length === 1 ? '' : 's'}`, ...lines].join('\n');
  }
}
