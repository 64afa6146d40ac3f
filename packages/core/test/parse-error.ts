// Shared by the malformed-input tests: runs `run` and returns the ParseError it throws.
import { ParseError } from '../src/io/parse-error.js';

export function parseError(run: () => unknown): ParseError {
  try {
    run();
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error('expected a ParseError, but nothing was thrown');
}
