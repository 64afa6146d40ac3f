// A frame as plain XYZ text with an extended-XYZ Lattice: what 3Dmol's XYZ parser reads
// (it turns the Lattice into the model's unit cell).
import type { FrameSummary } from '../protocol.js';

export function frameToXyz(frame: FrameSummary, symbolOf: (z: number) => string, positions: Float64Array = frame.positions): string {
  const n = frame.numbers.length;
  if (positions.length !== 3 * n) throw new RangeError(`positions must have 3N = ${3 * n} values for frame ${frame.index}, got ${positions.length}`);
  const lines = [String(n)];
  const periodic = frame.pbc.some(Boolean) && frame.cell.some((v) => v !== 0);
  lines.push(periodic ? `Lattice="${Array.from(frame.cell).join(' ')}" Properties=species:S:1:pos:R:3` : 'Properties=species:S:1:pos:R:3');
  for (let i = 0; i < n; i++) {
    lines.push(`${symbolOf(frame.numbers[i])} ${positions[3 * i]} ${positions[3 * i + 1]} ${positions[3 * i + 2]}`);
  }
  return lines.join('\n') + '\n';
}
