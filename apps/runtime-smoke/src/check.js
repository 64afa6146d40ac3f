// Assertions for the smoke cases. Plain ESM with no runtime APIs, so the same
// cases run in Node, Deno, Bun and a browser page.

export class CheckFailed extends Error {
  name = 'CheckFailed';
}

/** Thrown by a case to skip itself; the reason is printed. */
export class Skip extends Error {
  name = 'Skip';
}

export function ok(condition, message) {
  if (!condition) throw new CheckFailed(message);
}

export function equal(actual, expected, what) {
  if (!Object.is(actual, expected)) {
    throw new CheckFailed(`${what}: expected ${String(expected)}, got ${String(actual)}`);
  }
}

/** Throws unless `fn` throws an instance of `type` whose message mentions every word in `mentions`. */
export function throwsNaming(fn, type, mentions, what) {
  let error;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  ok(error !== undefined, `${what}: expected a ${type.name}, nothing was thrown`);
  ok(error instanceof type, `${what}: expected a ${type.name}, got ${error?.name}: ${error?.message}`);
  for (const word of mentions) {
    ok(String(error.message).includes(word), `${what}: the message should mention ${JSON.stringify(word)}, got ${JSON.stringify(error.message)}`);
  }
}

/** Same length, and every entry within `tol` (absolute) of the expected one; exact for integer arrays when tol is 0. */
export function allClose(actual, expected, tol, what) {
  ok(actual !== undefined && actual !== null, `${what}: missing`);
  equal(actual.length, expected.length, `${what}: length`);
  for (let k = 0; k < expected.length; k++) {
    const a = actual[k];
    const e = expected[k];
    if (!(Math.abs(a - e) <= tol) && !Object.is(a, e)) {
      throw new CheckFailed(`${what}[${k}]: expected ${e}, got ${a} (tolerance ${tol})`);
    }
  }
}
