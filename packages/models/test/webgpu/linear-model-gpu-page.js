// Runs in headless Chromium (see ../webgpu.test.ts): a linear power-spectrum model's energy and
// forces on WebGPU (LinearModelGPU, the whole path on the GPU) against LinearPotential.predict
// (f64, wasm) on the same structures; O(3) behaviour of the GPU forces; predictAsync's backend
// choice; and the fallback to the CPU after a device loss.
import { LinearModelGPU, LinearPotential, linearModelDescription, predictAsync } from '@equikit/models';
import { mulberry32, randomO3 } from '@equikit/o3';
import { gpuDevice, relativeMaxError, testSystems } from '../../../density/test/webgpu/systems.js';

const EXPANSION = {
  cutoff: { radius: 4, smoothing: { type: 'shifted-cosine', width: 0.5 } },
  density: { type: 'gaussian', width: 0.3 },
  basis: { maxAngular: 3, radial: { type: 'gto', maxRadial: 4 }, splineAccuracy: 1e-8 },
};
const SPECIES = [1, 6, 8, 14, 28, 29];

function base64(values) {
  const bytes = new Uint8Array(Float64Array.from(values).buffer);
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

/** A model with seeded random weights (as if fitted): LinearPotential.fromJSON of plain arrays. */
function randomPotential() {
  const S = SPECIES.length;
  const F = ((S * (S + 1)) / 2) * 4 * 4 * 4;
  const rng = mulberry32(21);
  const weights = Array.from({ length: S * F }, () => (2 * rng() - 1) * 50);
  const e0 = Array.from({ length: S }, () => -3 * rng());
  return LinearPotential.fromJSON({
    format: 'equikit.LinearPotential',
    version: 1,
    features: { type: 'power-spectrum', expansion: EXPANSION },
    featureState: null,
    species: SPECIES,
    size: F,
    weights: base64(weights),
    referenceEnergies: base64(e0),
    fit: null,
  });
}

function det3(R) {
  return R[0] * (R[4] * R[8] - R[5] * R[7]) - R[1] * (R[3] * R[8] - R[5] * R[6]) + R[2] * (R[3] * R[7] - R[4] * R[6]);
}

function transform(structure, R) {
  const apply = (list) => {
    const out = [];
    for (let a = 0; a < list.length; a += 3) for (let r = 0; r < 3; r++) out.push(R[3 * r] * list[a] + R[3 * r + 1] * list[a + 1] + R[3 * r + 2] * list[a + 2]);
    return out;
  };
  return { ...structure, positions: apply(structure.positions), ...(structure.cell ? { cell: apply(structure.cell) } : {}) };
}

export default async function run() {
  const started = performance.now();
  const { device, ...adapter } = await gpuDevice();
  if (!adapter.available) return { adapter };
  const potential = randomPotential();
  const gpu = await LinearModelGPU.create(linearModelDescription(potential), { device });
  const rows = [];
  const systems = testSystems();
  for (const [system, structure] of Object.entries(systems)) {
    const ref = potential.predict(structure, { backend: 'wasm' });
    const perAtom = potential.atomicEnergies(structure, { backend: 'wasm' });
    const got = await gpu.computeAsync(structure);
    rows.push({
      system,
      atoms: structure.numbers.length,
      energy: { gpu: got.energy, cpu: ref.energy, relative: Math.abs(got.energy - ref.energy) / Math.abs(ref.energy) },
      energies: relativeMaxError(got.energies, perAtom),
      forces: relativeMaxError(got.forces, ref.forces),
      finite: Number.isFinite(got.energy) && got.forces.every(Number.isFinite),
    });
  }

  // O(3): E(Q·r) = E(r) and F(Q·r) = Q·F(r), Q a random rotation times the inversion
  const R = Array.from(randomO3(mulberry32(4)));
  if (det3(R) > 0) for (let k = 0; k < 9; k++) R[k] = -R[k];
  const structure = systems['periodic, 2 species'];
  const a = await gpu.computeAsync(structure);
  const b = await gpu.computeAsync(transform(structure, R));
  const rotatedForces = transform({ positions: Array.from(a.forces) }, R).positions;
  const symmetry = {
    determinant: det3(R),
    energy: Math.abs(b.energy - a.energy) / Math.abs(a.energy),
    forces: relativeMaxError(b.forces, rotatedForces),
  };
  gpu.destroy();

  // predictAsync: the backend it picks, and a device loss during 'auto'
  const warnings = [];
  const warn = console.warn;
  console.warn = (...args) => warnings.push(args.join(' '));
  const auto = {};
  try {
    const big = systems['periodic, 2 species'];
    auto.belowThreshold = (await predictAsync(potential, big, { device })).backend;
    // SwiftShader is a software (fallback) adapter: 'auto' does not pick it unless allowed
    auto.fallbackAdapterSkipped = (await predictAsync(potential, big, { minAtoms: 0 })).backend;
    const onGpu = await predictAsync(potential, big, { device, minAtoms: 0 });
    auto.aboveThreshold = onGpu.backend;
    auto.matchesGpu = Math.abs(onGpu.energy - a.energy) <= 1e-9 * Math.abs(a.energy);
    auto.cpuBackend = (await predictAsync(potential, big, { backend: 'js' })).backend;
    device.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = await predictAsync(potential, big, { minAtoms: 0, allowFallbackAdapter: true });
    auto.afterLoss = after.backend;
    auto.afterLossEnergy = Math.abs(after.energy - a.energy) / Math.abs(a.energy);
    auto.explicitAfterLoss = await predictAsync(potential, big, { backend: 'webgpu' }).then(
      (r) => `ran on ${r.backend}`,
      (e) => `${e.name}: ${e.message}`,
    );
  } finally {
    console.warn = warn;
  }
  auto.warnings = warnings;
  return { adapter, rows, symmetry, auto, ms: performance.now() - started };
}
