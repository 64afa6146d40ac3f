// TensorBlock: one dense block of a TensorMap, as in metatensor. Values are a
// flat row-major Float64Array of shape [samples, ...components, properties],
// each axis described by Labels, plus optional gradient blocks.

import { Labels } from './labels.js';

/**
 * Extra leading gradient components that the conventional parameters must
 * have (metatensor/metatomic): positions gradients carry one `xyz` axis,
 * strain gradients a 3 × 3 (`xyz_1`, `xyz_2`) pair.
 */
const GRADIENT_CONVENTIONS: Readonly<Record<string, readonly number[]>> = { positions: [3], strain: [3, 3] };

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} of length ${(value as unknown as ArrayLike<unknown>).length}`;
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}

function formatNames(labels: Labels): string {
  return `[${labels.names.map((n) => `'${n}'`).join(', ')}]`;
}

export class TensorBlock {
  /**
   * Row-major values of shape `shape`. The block takes ownership of the array
   * passed to the constructor (no copy, like metatensor): do not keep writing
   * to it through another reference. Every TensorMap operation returns fresh
   * arrays; use `copy()` for an independent block.
   */
  readonly values: Float64Array;
  /** `[samples.count, ...components.map(c => c.count), properties.count]`. */
  readonly shape: readonly number[];
  readonly samples: Labels;
  readonly components: readonly Labels[];
  readonly properties: Labels;
  private readonly gradientBlocks = new Map<string, TensorBlock>();
  // set once the block is inside a TensorMap or is a gradient: adding gradients
  // then would break the map's "same gradients everywhere" invariant
  private frozen = false;

  /**
   * @param values flat Float64Array of `samples.count × Π components[i].count × properties.count` values
   * @param samples labels of axis 0
   * @param components one Labels per middle axis, each with a single name and at least one entry, names all different
   * @param properties labels of the last axis
   */
  constructor(values: Float64Array, samples: Labels, components: readonly Labels[], properties: Labels) {
    if (!(values instanceof Float64Array)) throw new TypeError(`values must be a Float64Array, got ${describeValue(values)}`);
    if (!(samples instanceof Labels)) throw new TypeError(`samples must be Labels, got ${describeValue(samples)}`);
    if (!Array.isArray(components as unknown)) throw new TypeError(`components must be an array of Labels, got ${describeValue(components)}`);
    if (!(properties instanceof Labels)) throw new TypeError(`properties must be Labels, got ${describeValue(properties)}`);
    const seen = new Set<string>();
    components.forEach((component: unknown, i) => {
      if (!(component instanceof Labels)) throw new TypeError(`components[${i}] must be Labels, got ${describeValue(component)}`);
      if (component.size !== 1) {
        throw new RangeError(`components[${i}] must have a single name, got ${component.size}: ${formatNames(component)}`);
      }
      if (component.count === 0) throw new RangeError(`components[${i}] ('${component.names[0]}') must have at least one entry, got 0`);
      if (seen.has(component.names[0])) throw new RangeError(`components names must all be different, got '${component.names[0]}' more than once`);
      seen.add(component.names[0]);
    });
    const shape = [samples.count, ...components.map((c) => c.count), properties.count];
    const expected = shape.reduce((a, b) => a * b, 1);
    if (values.length !== expected) {
      throw new RangeError(
        `values must have ${expected} entries for shape [${shape.join(', ')}] ` +
          `(samples × ${components.length === 0 ? '' : 'components × '}properties), got ${values.length}`,
      );
    }
    this.values = values;
    this.shape = Object.freeze(shape);
    this.samples = samples;
    this.components = Object.freeze(components.slice());
    this.properties = properties;
  }

  /**
   * Attaches the gradient of these values with respect to `parameter`. The
   * gradient block's samples start with `sample` (a row of this block's
   * samples); its components are its own extra components followed by this
   * block's components; its properties are this block's properties.
   * `positions` gradients need one extra component of 3 entries (`xyz`),
   * `strain` gradients two (`xyz_1`, `xyz_2`). The gradient block is kept, not copied.
   */
  addGradient(parameter: string, gradient: TensorBlock): void {
    if (typeof parameter !== 'string' || parameter.length === 0) throw new TypeError(`parameter must be a non-empty string, got ${describeValue(parameter)}`);
    if (!(gradient instanceof TensorBlock)) throw new TypeError(`gradient must be a TensorBlock, got ${describeValue(gradient)}`);
    if (this.frozen) {
      throw new RangeError(`cannot add the '${parameter}' gradient: this block is already part of a TensorMap or is itself a gradient; add gradients before building the map`);
    }
    if (this.gradientBlocks.has(parameter)) throw new RangeError(`gradient with respect to '${parameter}' already exists for this block`);
    if (gradient.gradientBlocks.size > 0) throw new RangeError(`gradient must not have gradients of its own (gradients of gradients are not supported)`);
    if (gradient === this) throw new RangeError(`gradient must be a different block from this one`);

    const sampleNames = gradient.samples.names;
    if (sampleNames[0] !== 'sample') {
      throw new RangeError(`gradient samples must have 'sample' as their first name, got ${formatNames(gradient.samples)}`);
    }
    const size = gradient.samples.size;
    for (let i = 0; i < gradient.samples.count; i++) {
      const s = gradient.samples.values[i * size];
      if (s < 0 || s >= this.samples.count) {
        throw new RangeError(`gradient samples row ${i} has sample = ${s}, expected an index in [0, ${this.samples.count - 1}] into this block's samples`);
      }
    }

    const extra = gradient.components.length - this.components.length;
    if (extra < 0) {
      throw new RangeError(`gradient must have at least this block's ${this.components.length} components, got ${gradient.components.length}`);
    }
    for (let c = 0; c < this.components.length; c++) {
      if (!gradient.components[extra + c].equals(this.components[c])) {
        throw new RangeError(
          `gradient components[${extra + c}] must equal this block's components[${c}] ('${this.components[c].names[0]}'): ` +
            `gradient-specific components come first, followed by exactly the values' components`,
        );
      }
    }
    const convention = GRADIENT_CONVENTIONS[parameter];
    if (convention !== undefined) {
      const sizes = gradient.components.slice(0, extra).map((c) => c.count);
      if (sizes.length !== convention.length || sizes.some((n, k) => n !== convention[k])) {
        throw new RangeError(
          `'${parameter}' gradient must have ${convention.length} extra leading component(s) of sizes [${convention.join(', ')}], got [${sizes.join(', ')}]`,
        );
      }
    }
    if (!gradient.properties.equals(this.properties)) throw new RangeError(`gradient properties must equal this block's properties`);

    gradient.frozen = true;
    this.gradientBlocks.set(parameter, gradient);
  }

  /** The gradient with respect to `parameter`; throws listing the available ones when absent. */
  gradient(parameter: string): TensorBlock {
    const block = this.gradientBlocks.get(parameter);
    if (block === undefined) {
      const have = this.gradientsList();
      throw new RangeError(`parameter must name a gradient of this block (${have.length === 0 ? 'it has none' : have.map((p) => `'${p}'`).join(', ')}), got ${describeValue(parameter)}`);
    }
    return block;
  }

  hasGradient(parameter: string): boolean {
    return this.gradientBlocks.has(parameter);
  }

  /** Gradient parameters, in the order they were added. */
  gradientsList(): string[] {
    return [...this.gradientBlocks.keys()];
  }

  /** `[parameter, gradient]` pairs, in the order they were added. */
  gradients(): [string, TensorBlock][] {
    return [...this.gradientBlocks.entries()];
  }

  /** A deep copy: new values arrays (labels are immutable and shared). */
  copy(): TensorBlock {
    const block = new TensorBlock(this.values.slice(), this.samples, this.components, this.properties);
    for (const [parameter, gradient] of this.gradientBlocks) block.addGradient(parameter, gradient.copy());
    return block;
  }

  /** Internal: forbids adding gradients from now on (the block went into a TensorMap). */
  freeze(): void {
    this.frozen = true;
  }

  toString(): string {
    const components = this.components;
    const gradients = this.gradientsList();
    return [
      'TensorBlock',
      `    samples (${this.samples.count}): ${formatNames(this.samples)}`,
      `    components (${components.map((c) => c.count).join(', ')}): [${components.map((c) => `'${c.names[0]}'`).join(', ')}]`,
      `    properties (${this.properties.count}): ${formatNames(this.properties)}`,
      `    gradients: ${gradients.length === 0 ? 'None' : `[${gradients.map((p) => `'${p}'`).join(', ')}]`}`,
    ].join('\n');
  }
}
