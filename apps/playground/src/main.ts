// The playground page: wires the controls, the worker, the 3-D view and the plots together.
import type { FeaturesResult, FitResult, FrameSummary, MdFrame } from './protocol.js';
import sampleText from './sample/si-mlearn-test.xyz?raw';
import { lineChart } from './ui/line-chart.js';
import { MapPlot } from './ui/map-plot.js';
import { mapColors, energyPerAtom, type ColorMode } from './ui/map-colors.js';
import { parityPlot, TEST_COLOR, TRAIN_COLOR } from './ui/parity-plot.js';
import { formatNumber } from './ui/scales.js';
import { StructureViewer } from './ui/viewer.js';
import { WorkerClient } from './ui/worker-client.js';

const SAMPLE_NAME = 'si-mlearn-test.xyz (built-in sample)';

function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no #${id}`);
  return node as T;
}

const ui = {
  workerStatus: $('worker-status'),
  dropZone: $('drop-zone'),
  fileInput: $<HTMLInputElement>('file-input'),
  loadSample: $<HTMLButtonElement>('load-sample'),
  fileInfo: $('file-info'),
  viewer: $('viewer'),
  framePrev: $<HTMLButtonElement>('frame-prev'),
  frameNext: $<HTMLButtonElement>('frame-next'),
  frameRange: $<HTMLInputElement>('frame-range'),
  frameNumber: $('frame-number'),
  frameInfo: $('frame-info'),
  computeFeatures: $<HTMLButtonElement>('compute-features'),
  featuresProgress: $<HTMLProgressElement>('features-progress'),
  featuresStatus: $('features-status'),
  colorBy: $<HTMLSelectElement>('color-by'),
  map: $<HTMLCanvasElement>('pca-map'),
  mapTooltip: $('map-tooltip'),
  mapLegend: $('map-legend'),
  fitTestEvery: $<HTMLSelectElement>('fit-test-every'),
  fitRegularization: $<HTMLSelectElement>('fit-regularization'),
  fitForces: $<HTMLInputElement>('fit-forces'),
  fitButton: $<HTMLButtonElement>('fit-button'),
  fitProgress: $<HTMLProgressElement>('fit-progress'),
  fitStatus: $('fit-status'),
  fitErrors: $('fit-errors'),
  parity: $('parity'),
  mdSteps: $<HTMLInputElement>('md-steps'),
  mdTimestep: $<HTMLInputElement>('md-timestep'),
  mdTemperature: $<HTMLInputElement>('md-temperature'),
  mdIntegrator: $<HTMLSelectElement>('md-integrator'),
  mdRun: $<HTMLButtonElement>('md-run'),
  mdStop: $<HTMLButtonElement>('md-stop'),
  mdProgress: $<HTMLProgressElement>('md-progress'),
  mdStatus: $('md-status'),
  mdCharts: $('md-charts'),
};

interface State {
  frames: FrameSummary[];
  species: number[];
  symbols: string[];
  frame: number;
  features: FeaturesResult | undefined;
  /** First map point of each frame. */
  rowStart: number[];
  fitted: boolean;
  busy: boolean;
  mdId: number | undefined;
}

const state: State = {
  frames: [],
  species: [],
  symbols: [],
  frame: 0,
  features: undefined,
  rowStart: [],
  fitted: false,
  busy: true,
  mdId: undefined,
};

const client = new WorkerClient(new Worker(new URL('./worker/worker.ts', import.meta.url), { type: 'module' }));
const symbolOf = (z: number) => state.symbols[state.species.indexOf(z)] ?? 'X';
let atomHovered: number | null = null;
const viewer = new StructureViewer(ui.viewer, symbolOf, (atom) => {
  // an atom hovered in the 3-D view lights up its point on the map
  atomHovered = atom;
  if (!state.features) return;
  map.setHovered(atom === null ? -1 : state.rowStart[state.frame] + atom);
});
const map = new MapPlot(ui.map, onMapHover, (point) => {
  if (!state.features) return;
  showFrame(state.features.frameOf[point]);
  viewer.highlight(state.features.atomOf[point]);
});

function setBusy(busy: boolean): void {
  state.busy = busy;
  const loaded = state.frames.length > 0;
  ui.loadSample.disabled = busy;
  ui.fileInput.disabled = busy;
  ui.computeFeatures.disabled = busy || !loaded;
  ui.fitButton.disabled = busy || !loaded;
  ui.mdRun.disabled = busy || !state.fitted;
  ui.mdStop.disabled = state.mdId === undefined;
  ui.framePrev.disabled = !loaded || state.mdId !== undefined;
  ui.frameNext.disabled = !loaded || state.mdId !== undefined;
  ui.frameRange.disabled = !loaded || state.mdId !== undefined;
}

function showError(where: HTMLElement, error: unknown): void {
  where.textContent = error instanceof Error ? error.message : String(error);
  where.className = 'error';
}

function showStatus(where: HTMLElement, text: string): void {
  where.textContent = text;
  where.className = 'muted';
}

// ---- loading ---------------------------------------------------------------------------------

async function load(text: string, name: string): Promise<void> {
  setBusy(true);
  showStatus(ui.fileInfo, `reading ${name}…`);
  try {
    const reply = await client.request({ type: 'load', text, name }, 'loaded').done;
    state.frames = reply.frames;
    state.species = reply.species;
    state.symbols = reply.symbols;
    state.features = undefined;
    state.fitted = false;
    const atoms = reply.frames.reduce((n, f) => n + f.numbers.length, 0);
    showStatus(ui.fileInfo, `${name}: ${reply.frames.length} frame${reply.frames.length === 1 ? '' : 's'}, ${atoms} atoms, species ${reply.symbols.join(', ')}`);
    ui.fileInfo.dataset.frames = String(reply.frames.length);
    ui.frameRange.max = String(reply.frames.length - 1);
    resetResults();
    showFrame(0);
  } catch (error) {
    showError(ui.fileInfo, error);
  } finally {
    setBusy(false);
  }
}

function resetResults(): void {
  map.setData({ x: new Float64Array(0), y: new Float64Array(0), colors: [], frameOf: new Int32Array(0), xLabel: '', yLabel: '' });
  ui.map.dataset.points = '0';
  ui.mapLegend.textContent = '';
  ui.featuresProgress.value = 0;
  ui.fitProgress.value = 0;
  ui.fitErrors.textContent = '';
  ui.parity.textContent = '';
  ui.fitStatus.textContent = '';
  ui.mdCharts.textContent = '';
}

ui.loadSample.addEventListener('click', () => void load(sampleText, SAMPLE_NAME));
ui.fileInput.addEventListener('change', async () => {
  const file = ui.fileInput.files?.[0];
  if (file) await load(await file.text(), file.name);
});
for (const type of ['dragenter', 'dragover'] as const) {
  document.addEventListener(type, (event) => {
    event.preventDefault();
    ui.dropZone.classList.add('over');
  });
}
document.addEventListener('dragleave', () => ui.dropZone.classList.remove('over'));
document.addEventListener('drop', async (event) => {
  event.preventDefault();
  ui.dropZone.classList.remove('over');
  const file = event.dataTransfer?.files?.[0];
  if (file && !state.busy) await load(await file.text(), file.name);
});

// ---- frames ----------------------------------------------------------------------------------

function showFrame(index: number): void {
  const frame = state.frames[index];
  if (!frame) return;
  state.frame = index;
  ui.frameRange.value = String(index);
  ui.frameNumber.textContent = `frame ${index + 1} / ${state.frames.length}`;
  const energy = frame.energy === null ? 'no reference energy' : `E = ${frame.energy.toFixed(4)} eV (${((frame.energy / frame.numbers.length) * 1000).toFixed(1)} meV/atom)`;
  ui.frameInfo.textContent = `${frame.numbers.length} atoms · ${energy}${frame.label ? ` · ${frame.label}` : ''}`;
  viewer.show(frame);
  map.setCurrentFrame(index);
}

ui.frameRange.addEventListener('input', () => showFrame(Number(ui.frameRange.value)));
ui.framePrev.addEventListener('click', () => showFrame(Math.max(0, state.frame - 1)));
ui.frameNext.addEventListener('click', () => showFrame(Math.min(state.frames.length - 1, state.frame + 1)));
window.addEventListener('resize', () => {
  viewer.resize();
  map.draw();
});

// ---- features and the PCA map ----------------------------------------------------------------

function colorMode(): ColorMode {
  return ui.colorBy.value === 'energy' ? 'energy' : 'species';
}

function applyColors(): void {
  const features = state.features;
  if (!features) return;
  const coloring = mapColors(colorMode(), features, state.frames, state.species, state.symbols);
  map.setColors(coloring.colors);
  ui.mapLegend.textContent = '';
  if (coloring.legend.kind === 'species') {
    for (const entry of coloring.legend.entries) {
      const item = document.createElement('span');
      item.innerHTML = `<span class="chip" style="background:${entry.color}"></span>`;
      item.append(entry.label);
      ui.mapLegend.append(item);
    }
  } else if (coloring.legend.range) {
    const [lo, hi] = coloring.legend.range;
    ui.mapLegend.innerHTML = `<span>${(lo * 1000).toFixed(0)}</span><span class="gradient"></span><span>${(hi * 1000).toFixed(0)} meV/atom (reference energy per atom of the frame)</span>`;
  } else {
    ui.mapLegend.textContent = 'no frame has a reference energy';
  }
  ui.mapLegend.append(
    Object.assign(document.createElement('span'), { className: 'muted', textContent: 'outlined: the frame shown · hover a point to find its atom, click to show its frame' }),
  );
}

function onMapHover(point: number): void {
  const features = state.features;
  if (!features || point < 0) {
    ui.mapTooltip.style.display = 'none';
    viewer.highlight(null);
    return;
  }
  const frame = features.frameOf[point];
  const atom = features.atomOf[point];
  const perAtom = energyPerAtom(state.frames)[frame];
  const where = map.pointPosition(point);
  ui.mapTooltip.textContent =
    `frame ${frame + 1}, atom ${atom + 1} (${symbolOf(features.numbers[point])})` +
    (Number.isFinite(perAtom) ? ` · ${(perAtom * 1000).toFixed(1)} meV/atom` : '') +
    (frame === state.frame ? '' : ' · click to show');
  ui.mapTooltip.dataset.frame = String(frame);
  ui.mapTooltip.dataset.atom = String(atom);
  ui.mapTooltip.style.left = `${where.x + 10}px`;
  ui.mapTooltip.style.top = `${where.y - 28}px`;
  ui.mapTooltip.style.display = 'block';
  viewer.highlight(frame === state.frame ? atom : null);
}

ui.colorBy.addEventListener('change', applyColors);

ui.computeFeatures.addEventListener('click', async () => {
  setBusy(true);
  ui.featuresProgress.value = 0;
  showStatus(ui.featuresStatus, 'computing SOAP features…');
  try {
    const { done } = client.request({ type: 'features' }, 'features-done', (event) => {
      if (event.type !== 'progress') return;
      ui.featuresProgress.value = event.done / event.total;
      showStatus(ui.featuresStatus, `computing SOAP features… frame ${event.done} / ${event.total}`);
    });
    const { result } = await done;
    state.features = result;
    state.rowStart = [];
    result.frameOf.forEach((frame, row) => {
      if (state.rowStart[frame] === undefined) state.rowStart[frame] = row;
    });
    const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
    map.setData({
      x: Float64Array.from({ length: result.frameOf.length }, (_, i) => result.scores[2 * i]),
      y: Float64Array.from({ length: result.frameOf.length }, (_, i) => result.scores[2 * i + 1]),
      colors: [],
      frameOf: result.frameOf,
      xLabel: `PC1 (${pct(result.explained[0])} of variance)`,
      yLabel: `PC2 (${pct(result.explained[1])})`,
    });
    map.setCurrentFrame(state.frame);
    applyColors();
    ui.featuresProgress.value = 1;
    showStatus(
      ui.featuresStatus,
      `${result.size} SOAP features for each of ${result.frameOf.length} atoms in ${result.seconds.toFixed(2)} s (${result.backend}); ` +
        `PC1 and PC2 hold ${pct(result.explained[0] + result.explained[1])} of the variance.`,
    );
    ui.featuresStatus.dataset.done = 'true';
  } catch (error) {
    showError(ui.featuresStatus, error);
  } finally {
    setBusy(false);
  }
});

// ---- fitting ---------------------------------------------------------------------------------

function errorTable(result: FitResult): HTMLTableElement {
  const table = document.createElement('table');
  table.id = 'errors-table';
  const cell = (value: number | undefined, digits: number) => (value === undefined ? '–' : value.toFixed(digits));
  table.innerHTML =
    '<thead><tr><th></th><th>frames</th><th>energy RMSE (meV/atom)</th><th>energy MAE</th><th>force RMSE (eV/Å)</th><th>force MAE</th><th>stress RMSE (GPa)</th></tr></thead>';
  const body = document.createElement('tbody');
  for (const [name, errors, color] of [
    ['train', result.train, TRAIN_COLOR],
    ['test', result.test, TEST_COLOR],
  ] as const) {
    const row = document.createElement('tr');
    row.dataset.set = name;
    row.innerHTML =
      `<td><span class="chip" style="background:${color}"></span>${name}</td><td>${errors.structures}</td>` +
      `<td data-metric="energy-rmse">${cell(errors.energyRmse, 2)}</td><td>${cell(errors.energyMae, 2)}</td>` +
      `<td data-metric="force-rmse">${cell(errors.forceRmse, 3)}</td><td>${cell(errors.forceMae, 3)}</td>` +
      `<td data-metric="stress-rmse">${cell(errors.stressRmse, 2)}</td>`;
    body.append(row);
  }
  table.append(body);
  return table;
}

function testNote(rmse: number | undefined, digits: number, unit: string): string | undefined {
  return rmse === undefined ? undefined : `test RMSE ${rmse.toFixed(digits)} ${unit}`;
}

ui.fitButton.addEventListener('click', async () => {
  setBusy(true);
  ui.fitProgress.value = 0;
  showStatus(ui.fitStatus, 'fitting…');
  try {
    const regularization = ui.fitRegularization.value === 'auto' ? ('auto' as const) : Number(ui.fitRegularization.value);
    const options = { testEvery: Number(ui.fitTestEvery.value), regularization, forces: ui.fitForces.checked };
    const { done } = client.request({ type: 'fit', options }, 'fit-done', (event) => {
      if (event.type !== 'progress') return;
      ui.fitProgress.value = event.done / event.total;
      showStatus(ui.fitStatus, `fitting… ${event.message ?? ''} ${event.done} / ${event.total}`);
    });
    const { result } = await done;
    state.fitted = true;
    ui.fitProgress.value = 1;
    showStatus(ui.fitStatus, `${result.description}, fitted in ${result.seconds.toFixed(2)} s.`);
    ui.fitErrors.replaceChildren(errorTable(result));
    ui.parity.replaceChildren(
      parityPlot(result.energy, { title: 'Energy per atom', unit: 'eV/atom', note: testNote(result.test.energyRmse, 1, 'meV/atom') }),
      parityPlot(result.forces, { title: 'Force components', unit: 'eV/Å', note: testNote(result.test.forceRmse, 3, 'eV/Å') }),
    );
    ui.parity.dataset.done = 'true';
    showStatus(ui.mdStatus, 'Ready: MD runs on the frame shown in the 3-D view.');
  } catch (error) {
    showError(ui.fitStatus, error);
  } finally {
    setBusy(false);
  }
});

// ---- molecular dynamics ----------------------------------------------------------------------

ui.mdRun.addEventListener('click', async () => {
  const frame = state.frames[state.frame];
  if (!frame) return;
  viewer.show(frame); // from the frame's own positions, even after an earlier run
  const options = {
    frame: state.frame,
    steps: Number(ui.mdSteps.value),
    timestep: Number(ui.mdTimestep.value),
    temperature: Number(ui.mdTemperature.value),
    integrator: ui.mdIntegrator.value === 'langevin' ? ('langevin' as const) : ('velocity-verlet' as const),
    every: Math.max(1, Math.round(Number(ui.mdSteps.value) / 50)),
  };
  const trace: MdFrame[] = [];
  // Draw only the newest MD frame once per animation frame: a software-rendered WebGL view may be
  // slower than the worker, and queued redraws would freeze the page.
  let pending: MdFrame | undefined;
  const draw = () => {
    if (pending) viewer.move(pending.positions);
    pending = undefined;
  };
  const request = client.request({ type: 'md', options }, 'md-done', (event) => {
    if (event.type === 'progress') {
      ui.mdProgress.value = event.done / event.total;
      return;
    }
    trace.push(event.frame);
    if (!pending) requestAnimationFrame(draw);
    pending = event.frame;
    showStatus(ui.mdStatus, `step ${event.frame.step} · t = ${event.frame.time.toFixed(1)} fs · T = ${event.frame.temperature.toFixed(0)} K · E = ${(event.frame.potentialEnergy + event.frame.kineticEnergy).toFixed(4)} eV`);
  });
  state.mdId = request.id;
  setBusy(true);
  ui.mdProgress.value = 0;
  try {
    const { result } = await request.done;
    showStatus(
      ui.mdStatus,
      `${result.steps} steps of ${result.atoms} atoms in ${result.seconds.toFixed(2)} s: ${formatNumber(result.atomStepsPerSecond)} atom·steps/s.`,
    );
    const times = trace.map((f) => f.time);
    ui.mdCharts.replaceChildren(
      lineChart(times, trace.map((f) => f.temperature), { title: 'Temperature (K)', xLabel: 'time (fs)', color: '#e15759' }),
      lineChart(
        times,
        trace.map((f) => 1000 * (f.potentialEnergy + f.kineticEnergy - trace[0].potentialEnergy - trace[0].kineticEnergy)),
        { title: 'Total energy − E(0) (meV)', xLabel: 'time (fs)' },
      ),
    );
  } catch (error) {
    showError(ui.mdStatus, error);
  } finally {
    state.mdId = undefined;
    setBusy(false);
  }
});

ui.mdStop.addEventListener('click', () => {
  if (state.mdId !== undefined) client.stop(state.mdId);
});

// A small handle for the browser console and the end-to-end test: where a map point is drawn,
// which atom the 3-D view highlights, which map point an atom is.
Object.assign(window, {
  equikitPlayground: {
    pointCount: () => state.features?.frameOf.length ?? 0,
    pointPosition: (point: number) => map.pointPosition(point),
    highlightedAtom: () => viewer.highlightedAtom,
    pointOf: (frame: number, atom: number) =>
      state.features && state.frames[frame] && atom >= 0 && atom < state.frames[frame].numbers.length ? state.rowStart[frame] + atom : -1,
    viewerFailure: () => viewer.failure ?? null,
    atomOnPage: (atom: number) => viewer.atomOnPage(atom),
    atomHovered: () => atomHovered,
    mapHovered: () => map.hoveredPoint,
  },
});

// ---- start -----------------------------------------------------------------------------------

setBusy(true);
client.ready.then(
  async () => {
    ui.workerStatus.textContent = 'worker ready (WebAssembly loaded)';
    await load(sampleText, SAMPLE_NAME);
    document.body.dataset.ready = 'true';
  },
  (error: unknown) => showError(ui.workerStatus, error),
);
