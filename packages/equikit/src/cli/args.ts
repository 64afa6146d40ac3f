// A small, strict flag parser: `--name value`, `--name=value`, `-o value`, boolean flags, and
// positionals. Unknown flags are errors that name the flag and list the known ones.

export interface FlagSpec {
  /** Flags taking a value, with optional one-letter aliases ('-o' → 'out'). */
  values: readonly string[];
  /** Flags without a value. */
  booleans?: readonly string[];
  aliases?: Readonly<Record<string, string>>;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | true>;
}

export class UsageError extends Error {}

export function parseArgs(args: readonly string[], spec: FlagSpec): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  const booleans = new Set(spec.booleans ?? []);
  const values = new Set(spec.values);
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const [rawName, inline] = arg.replace(/^--?/, '').split(/=(.*)/s, 2);
    const name = arg.startsWith('--') ? rawName : (spec.aliases?.[rawName] ?? rawName);
    if (booleans.has(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
    } else if (values.has(name)) {
      const value = inline ?? args[++k];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
      flags[name] = value;
    } else {
      const known = [...values, ...booleans].map((f) => `--${f}`).join(', ');
      throw new UsageError(`unknown option ${arg}${known ? ` (known: ${known})` : ''}`);
    }
  }
  return { positionals, flags };
}

/** A flag that must be a number in [min, max]. */
export function numberFlag(flags: ParsedArgs['flags'], name: string, fallback: number, min: number, max: number, integer = false): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw === true || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function stringFlag(flags: ParsedArgs['flags'], name: string): string | undefined {
  const raw = flags[name];
  return raw === true ? undefined : raw;
}

export function requiredFlag(flags: ParsedArgs['flags'], name: string): string {
  const value = stringFlag(flags, name);
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}
