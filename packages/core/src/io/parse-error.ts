/**
 * A file or record that cannot be read. `frame` is the 0-based index of the frame (extxyz) or
 * record (mlearn) at fault, i.e. its index in the array a successful read would have returned;
 * `line` is the 1-based line of the text where the fault is (undefined for JSON records).
 */
export class ParseError extends Error {
  readonly frame: number | undefined;
  readonly line: number | undefined;

  constructor(message: string, location: { format: string; frame?: number; line?: number; cause?: unknown }) {
    const where = [
      location.frame === undefined ? undefined : `${location.format === 'mlearn' ? 'record' : 'frame'} ${location.frame}`,
      location.line === undefined ? undefined : `line ${location.line}`,
    ]
      .filter((part) => part !== undefined)
      .join(', ');
    super(`${location.format}${where ? ` ${where}` : ''}: ${message}`, location.cause === undefined ? undefined : { cause: location.cause });
    this.name = 'ParseError';
    this.frame = location.frame;
    this.line = location.line;
  }
}
