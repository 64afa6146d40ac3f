import { fileURLToPath } from 'node:url';
import { UsageError } from './args.js';
import { demoCommand, DEMO_USAGE } from './commands/demo.js';
import { evalCommand, EVAL_USAGE } from './commands/eval.js';
import { featuresCommand, FEATURES_USAGE } from './commands/features.js';
import { fitCommand, FIT_USAGE } from './commands/fit.js';
import { mdCommand, MD_USAGE } from './commands/md.js';
import { predictCommand, PREDICT_USAGE } from './commands/predict.js';
import type { ProgressStream } from './progress.js';
import { readStructures } from './read-structures.js';
import { cellParameters, summarize } from './summary.js';
import { coordinationStats } from './neighbors.js';
import { DEMO_HYPERS, expansionCheck } from './density.js';

export interface Output {
  out(line: string): void;
  err(line: string): void;
  /** Where progress goes (stderr in the binary); none: no progress. */
  progress?: ProgressStream;
}

const USAGE = `usage: equikit <command> [arguments]

commands:
  ${DEMO_USAGE}
  info FILE                                   summary, neighbours and a density-expansion check of an extended XYZ or mlearn JSON file
  ${FEATURES_USAGE}
  ${FIT_USAGE}
  ${EVAL_USAGE}
  ${PREDICT_USAGE}
  ${MD_USAGE}
  help          this text

options: --debug prints the stack trace of an error`;

export const EXAMPLE_FILE = fileURLToPath(new URL('../../examples/si-mlearn-test.xyz', import.meta.url));

/** Runs the CLI; returns the exit code (0 ok, 1 error, 2 usage). Never throws. */
export async function main(argv: string[], io: Output): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const [command, file, ...rest] = args;
  const progress: ProgressStream = io.progress ?? { write: () => {} };
  const commands: Record<string, typeof featuresCommand> = { demo: demoCommand, features: featuresCommand, fit: fitCommand, eval: evalCommand, predict: predictCommand, md: mdCommand };
  const command_ = commands[command ?? ''];
  if (command_) return run(command, () => command_(args.slice(1), progress, io.out), io, debug);
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    (command === undefined ? io.err : io.out)(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (rest.length > 0) {
    io.err(`equikit ${command}: unexpected argument ${JSON.stringify(rest[0])}\n${USAGE}`);
    return 2;
  }
  try {
    switch (command) {
      case 'info':
        if (file === undefined) {
          io.err(`equikit info: a file is required\n${USAGE}`);
          return 2;
        }
        await describeFile(file, io);
        return 0;
      default:
        io.err(`equikit: unknown command ${JSON.stringify(command)}\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    io.err(`equikit ${command}: ${(error as Error).message}`);
    if (debug) io.err(String((error as Error).stack));
    return 1;
  }
}

/** One command: a usage error exits 2 with the usage, any other error 1, as one line (stack only with --debug). */
async function run(command: string, body: () => Promise<void>, io: Output, debug: boolean): Promise<number> {
  try {
    await body();
    return 0;
  } catch (error) {
    io.err(`equikit ${command}: ${(error as Error).message}`);
    if (debug) io.err(String((error as Error).stack));
    if (error instanceof UsageError) {
      io.err(USAGE);
      return 2;
    }
    return 1;
  }
}

async function describeFile(path: string, io: Output): Promise<void> {
  const structures = await readStructures(path);
  const summary = summarize(structures);
  io.out(`file: ${path}`);
  io.out(`frames: ${summary.frames} (${summary.periodicFrames} periodic), atoms: ${summary.atoms}`);
  io.out(
    `composition: ${Object.entries(summary.composition)
      .map(([symbol, count]) => `${symbol} ${count}`)
      .join(', ')}`,
  );
  if (summary.energyPerAtom) {
    const { min, max } = summary.energyPerAtom;
    io.out(`energy per atom: ${min.toFixed(4)} … ${max.toFixed(4)} eV`);
  }
  const first = structures[0];
  if (first && first.pbc.some(Boolean)) {
    const [a, b, c, alpha, beta, gamma] = cellParameters(first.cell);
    io.out(
      `first cell: a=${a.toFixed(3)} b=${b.toFixed(3)} c=${c.toFixed(3)} Å, ` +
        `α=${alpha.toFixed(2)} β=${beta.toFixed(2)} γ=${gamma.toFixed(2)}°`,
    );
  }
  const cutoff = 5;
  const stats = coordinationStats(structures, cutoff);
  io.out(
    `neighbours within ${cutoff} Å (${stats.backend}): ${stats.pairs} pairs, ` +
      `${stats.min} … ${stats.max} per atom (mean ${stats.mean.toFixed(2)})`,
  );
  if (first) {
    const { radius } = DEMO_HYPERS.cutoff;
    const { maxRadial } = DEMO_HYPERS.basis.radial;
    const { maxAngular } = DEMO_HYPERS.basis;
    const check = expansionCheck(first);
    io.out(
      `density expansion of frame 0 (GTO, nMax ${maxRadial}, lMax ${maxAngular}, cutoff ${radius} Å, ${check.backend}): ` +
        `${check.coefficientsPerAtom} coefficients per atom`,
    );
    io.out(
      `  invariants Σm|c_nlm|² under a random rotation with inversion: ` +
        `max relative change ${check.invariantDeviation.toExponential(1)}`,
    );
  }
}
