// Argument checks shared by every package. Each names the argument and what was
// expected, so a bad call fails at the boundary with a message a user can act on.

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} of length ${(value as unknown as ArrayLike<unknown>).length}`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return typeof value;
}

export function assertFiniteNumber(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${name} must be a finite number, got ${describe(value)}`);
  }
}

export function assertPositiveNumber(value: unknown, name: string): asserts value is number {
  assertFiniteNumber(value, name);
  if (value <= 0) throw new RangeError(`${name} must be a finite, positive number, got ${value}`);
}

export function assertNonNegativeNumber(value: unknown, name: string): asserts value is number {
  assertFiniteNumber(value, name);
  if (value < 0) throw new RangeError(`${name} must be a finite number ≥ 0, got ${value}`);
}

export function assertInteger(value: unknown, name: string, min = -Infinity, max = Infinity): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${name} must be an integer, got ${describe(value)}`);
  }
  if (value < min || value > max) {
    const range = max === Infinity ? `≥ ${min}` : min === -Infinity ? `≤ ${max}` : `in [${min}, ${max}]`;
    throw new RangeError(`${name} must be an integer ${range}, got ${value}`);
  }
}

export function assertBoolean(value: unknown, name: string): asserts value is boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${describe(value)}`);
}

export function assertOneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): asserts value is T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new TypeError(`${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(value)}`);
  }
}

export type FloatArray = Float64Array | Float32Array;

/** Checks a Float64Array/Float32Array of the given length (or a multiple of `multipleOf`). */
export function assertFloatArray(
  value: unknown,
  name: string,
  expected: { length?: number; multipleOf?: number } = {},
): asserts value is FloatArray {
  if (!(value instanceof Float64Array) && !(value instanceof Float32Array)) {
    throw new TypeError(`${name} must be a Float64Array or Float32Array, got ${describe(value)}`);
  }
  if (expected.length !== undefined && value.length !== expected.length) {
    throw new RangeError(`${name} must have length ${expected.length}, got ${value.length}`);
  }
  if (expected.multipleOf !== undefined && value.length % expected.multipleOf !== 0) {
    throw new RangeError(`${name} must have a length that is a multiple of ${expected.multipleOf}, got ${value.length}`);
  }
}

/** Throws naming the first non-finite entry, so NaN never flows silently into a kernel. */
export function assertAllFinite(values: ArrayLike<number>, name: string, stride = 1): void {
  for (let k = 0; k < values.length; k++) {
    if (!Number.isFinite(values[k])) {
      const where = stride > 1 ? `[${Math.floor(k / stride)}][${k % stride}]` : `[${k}]`;
      throw new RangeError(`${name}${where} must be finite, got ${values[k]}`);
    }
  }
}
