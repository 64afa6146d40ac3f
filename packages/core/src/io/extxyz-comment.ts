// The comment (second) line of an extended XYZ frame: `key=value` pairs as ASE reads them.
// Values may be quoted with "…", '…', {…} or […]; a backslash escapes the next character;
// spaces around '=' are allowed; a bare key means `key=T`. Errors are thrown as plain Errors
// whose message the frame reader wraps with the frame and line.

export interface CommentEntry {
  key: string;
  /** The raw value with quotes removed; 'T' for a bare key, as in ASE. */
  value: string;
}

const CLOSER: Record<string, string> = { '"': '"', "'": "'", '{': '}', '[': ']' };

interface Part {
  text: string;
  /** Whether the part held a quoted value, so `key=""` is an (empty) value, not a missing one. */
  quoted: boolean;
}

export function splitComment(line: string): CommentEntry[] {
  const pairs: Part[][] = [[{ text: '', quoted: false }]];
  let closer: string | undefined;
  let openedAt = -1;
  let escaped = false;
  const text = line.trim();
  const last = () => pairs[pairs.length - 1];
  const part = () => last()[last().length - 1];
  const isEmpty = (p: Part) => p.text === '' && !p.quoted;

  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (escaped) {
      part().text += ch;
      escaped = false;
    } else if (ch === '\\') {
      escaped = true;
    } else if (closer !== undefined) {
      if (ch === closer) closer = undefined;
      else part().text += ch;
    } else if (ch in CLOSER) {
      closer = CLOSER[ch];
      openedAt = i;
      part().quoted = true;
    } else if (/\s/.test(ch)) {
      if (!isEmpty(part())) pairs.push([{ text: '', quoted: false }]);
    } else if (ch === '=') {
      // `key = value`: a '=' after whitespace belongs to the previous key.
      if (last().length === 1 && isEmpty(last()[0])) {
        if (pairs.length === 1) throw new Error(`expected a key before '=' at column ${i + 1} of the comment line`);
        pairs.pop();
      }
      last().push({ text: '', quoted: false });
    } else {
      part().text += ch;
    }
  }
  if (closer !== undefined) {
    throw new Error(`unbalanced quote: ${text[openedAt]} opened at column ${openedAt + 1} of the comment line is never closed by ${closer}`);
  }
  if (escaped) throw new Error('the comment line ends with a lone backslash');

  const entries: CommentEntry[] = [];
  const seen = new Set<string>();
  for (const pair of pairs) {
    if (pair.length === 1 && isEmpty(pair[0])) continue;
    const key = pair[0].text;
    if (key === '') throw new Error('expected a key before a value in the comment line, got an empty key');
    if (seen.has(key)) throw new Error(`key ${JSON.stringify(key)} appears twice in the comment line`);
    seen.add(key);
    const value = pair.length === 1 ? 'T' : pair.slice(1).map((p) => p.text).join('=');
    entries.push({ key, value });
  }
  return entries;
}

const INTEGER = /^[+-]?\d+$/;
const REAL = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|nan|inf|infinity)$/i;
const BOOLEAN: Record<string, boolean> = {
  T: true, F: false, true: true, false: false, True: true, False: false, TRUE: true, FALSE: false,
};

export function isReal(token: string): boolean {
  return REAL.test(token);
}

export function isInteger(token: string): boolean {
  return INTEGER.test(token);
}

/** Splits a value on whitespace and commas, as ASE does. */
export function valueTokens(value: string): string[] {
  return value.match(/[^\s,]+/g) ?? [];
}

/**
 * ASE's typing of a value: one or more numbers, else one or more booleans, else the string itself.
 * Numeric vectors become Float64Array.
 */
export function typedValue(value: string): number | Float64Array | boolean | boolean[] | string {
  const tokens = valueTokens(value);
  if (tokens.length === 0) return value;
  if (tokens.every(isReal)) {
    const numbers = tokens.map(Number);
    return numbers.length === 1 ? numbers[0] : Float64Array.from(numbers);
  }
  if (tokens.every((t) => t in BOOLEAN)) {
    const bools = tokens.map((t) => BOOLEAN[t]);
    return bools.length === 1 ? bools[0] : bools;
  }
  return value;
}

export function parseBoolean(token: string): boolean | undefined {
  return Object.prototype.hasOwnProperty.call(BOOLEAN, token) ? BOOLEAN[token] : undefined;
}
