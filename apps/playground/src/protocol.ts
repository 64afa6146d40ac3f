// Messages between the page and its worker. Every request carries an id; the worker answers
// with progress events and one final message (or an error) carrying the same id. Typed arrays
// travel as transferables.

/** A frame as the page needs it for drawing: no features, no model. */
export interface FrameSummary {
  index: number;
  numbers: Int32Array;
  /** Å, 3N. */
  positions: Float64Array;
  /** Lattice vectors as rows, 9 values (zeros without a cell). */
  cell: Float64Array;
  pbc: [boolean, boolean, boolean];
  /** Reference total energy in eV, or null. */
  energy: number | null;
  hasForces: boolean;
  /** A short description from the file (description, config_type or group), or ''. */
  label: string;
}

export type Integrator = 'velocity-verlet' | 'langevin';

export interface FitRequestOptions {
  /** Every k-th frame (k = testEvery) goes to the test set; the others train. */
  testEvery: number;
  /** LinearPotential's ridge λ, or 'auto' (k-fold cross-validation). */
  regularization: number | 'auto';
  /** Fit forces as well as energies. */
  forces: boolean;
}

export interface MdRequestOptions {
  frame: number;
  steps: number;
  /** fs. */
  timestep: number;
  /** K: initial velocities and the Langevin bath. */
  temperature: number;
  integrator: Integrator;
  /** Send a frame to the page every this many steps. */
  every: number;
}

export type Request =
  | { type: 'load'; id: number; text: string; name: string }
  | { type: 'features'; id: number }
  | { type: 'fit'; id: number; options: FitRequestOptions }
  | { type: 'md'; id: number; options: MdRequestOptions }
  /** Stops the running MD after its current chunk. */
  | { type: 'stop'; id: number };

export type Task = 'load' | 'features' | 'fit' | 'md';

export interface FeaturesResult {
  /** Features per atom. */
  size: number;
  /** PCA scores, 2 per atom, atoms of all frames in file order. */
  scores: Float64Array;
  frameOf: Int32Array;
  atomOf: Int32Array;
  numbers: Int32Array;
  /** Fraction of the total variance along PC1 and PC2. */
  explained: [number, number];
  seconds: number;
  backend: string;
}

export interface ParitySet {
  reference: Float64Array;
  predicted: Float64Array;
  /** 1 for test-set points, 0 for training points. */
  test: Uint8Array;
}

export interface ErrorSummary {
  /** meV/atom. */
  energyRmse?: number;
  energyMae?: number;
  /** eV/Å. */
  forceRmse?: number;
  forceMae?: number;
  /** GPa. */
  stressRmse?: number;
  structures: number;
}

export interface FitResult {
  /** Energies per atom, eV/atom. */
  energy: ParitySet;
  /** Force components, eV/Å. */
  forces: ParitySet;
  train: ErrorSummary;
  test: ErrorSummary;
  seconds: number;
  description: string;
}

export interface MdFrame {
  step: number;
  /** fs. */
  time: number;
  positions: Float64Array;
  potentialEnergy: number;
  kineticEnergy: number;
  temperature: number;
}

export interface MdResult {
  steps: number;
  atoms: number;
  seconds: number;
  atomStepsPerSecond: number;
}

export type Reply =
  /** Sent once, when the WebAssembly of every package is compiled. */
  | { type: 'ready' }
  | { type: 'progress'; id: number; task: Task; done: number; total: number; message?: string }
  | { type: 'loaded'; id: number; frames: FrameSummary[]; species: number[]; symbols: string[]; name: string }
  | { type: 'features-done'; id: number; result: FeaturesResult }
  | { type: 'fit-done'; id: number; result: FitResult }
  | { type: 'md-frame'; id: number; frame: MdFrame }
  | { type: 'md-done'; id: number; result: MdResult }
  | { type: 'error'; id: number; message: string };
