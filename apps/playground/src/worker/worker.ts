// The playground's worker: holds the structures, computes features, fits and runs MD, so the
// page stays responsive. Each package's WebAssembly is embedded in this bundle; init() compiles it
// once here (asynchronously, as browsers prefer) before the first request is served.
import { chemicalSymbol, type Structure } from '@equikit/core';
import { init as initDensity } from '@equikit/density';
import { init as initNeighbors } from '@equikit/neighbors';
import { init as initO3 } from '@equikit/o3';
import type { Reply, Request, Task } from '../protocol.js';
import { init as initModels, type LinearPotential } from '@equikit/models';
import { featureMap } from './features.js';
import { fitPotential } from './fit.js';
import { checkMdOptions, runDynamics } from './md.js';
import { readStructures, speciesOf, summarize } from './structures.js';

// The page's tsconfig has the DOM lib, whose `self` is a Window; in this module it is the worker scope.
declare const self: {
  postMessage(message: Reply, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<Request>) => void) | null;
};

const ready = Promise.all([initDensity(), initO3(), initNeighbors(), initModels()]);

let structures: Structure[] = [];
let species: number[] = [];
let model: LinearPotential | undefined;
/** Ids of MD runs asked to stop. */
const stopped = new Set<number>();

function post(reply: Reply, transfer: Transferable[] = []): void {
  self.postMessage(reply, transfer);
}

function progress(id: number, task: Task) {
  return (done: number, total: number, message?: string) => post({ type: 'progress', id, task, done, total, message });
}

async function handle(request: Request): Promise<void> {
  await ready;
  switch (request.type) {
    case 'load': {
      const read = readStructures(request.text);
      structures = read;
      species = speciesOf(read);
      model = undefined;
      const frames = read.map(summarize);
      const transfer = frames.flatMap((f) => [f.numbers.buffer, f.positions.buffer, f.cell.buffer]);
      const symbols = species.map((z) => chemicalSymbol(z));
      post({ type: 'loaded', id: request.id, frames, species, symbols, name: request.name }, transfer);
      return;
    }
    case 'features': {
      if (structures.length === 0) throw new Error('load a file first');
      const result = featureMap(structures, species, progress(request.id, 'features'));
      post({ type: 'features-done', id: request.id, result }, [result.scores.buffer, result.frameOf.buffer, result.atomOf.buffer, result.numbers.buffer]);
      return;
    }
    case 'fit': {
      if (structures.length === 0) throw new Error('load a file first');
      const report = progress(request.id, 'fit');
      const fitted = await fitPotential(structures, request.options, (fraction, stage) => report(Math.round(1000 * fraction), 1000, stage));
      model = fitted.model;
      const { energy, forces } = fitted.result;
      post({ type: 'fit-done', id: request.id, result: fitted.result }, [energy.reference.buffer, energy.predicted.buffer, energy.test.buffer, forces.reference.buffer, forces.predicted.buffer, forces.test.buffer]);
      return;
    }
    case 'md': {
      if (!model) throw new Error('fit a potential first');
      const options = request.options;
      checkMdOptions(options, structures.length);
      const report = progress(request.id, 'md');
      const result = await runDynamics(
        structures[options.frame],
        model,
        options,
        (frame) => {
          post({ type: 'md-frame', id: request.id, frame: { ...frame, positions: frame.positions } }, [frame.positions.buffer]);
          report(frame.step, options.steps);
        },
        () => stopped.has(request.id),
      );
      stopped.delete(request.id);
      post({ type: 'md-done', id: request.id, result });
      return;
    }
    case 'stop':
      stopped.add(request.id);
      return;
    default:
      throw new Error(`unknown request type ${JSON.stringify((request as { type: unknown }).type)}`);
  }
}

self.onmessage = (event: MessageEvent<Request>) => {
  const request = event.data;
  handle(request).catch((error: unknown) => {
    post({ type: 'error', id: request?.id ?? -1, message: error instanceof Error ? error.message : String(error) });
  });
};

ready.then(
  () => post({ type: 'ready' }),
  (error: unknown) => post({ type: 'error', id: -1, message: `WebAssembly failed to load: ${(error as Error).message}` }),
);
