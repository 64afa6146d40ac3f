// Test systems shared by the WebGPU pages (density, correlations, models): small, seeded,
// with periodic images, self-images (a cell smaller than the cutoff) and several species.
import { mulberry32 } from '@equikit/core';

/** FCC a×a×a supercell of lattice constant `a`, positions rattled by up to `rattle` Å. */
export function fcc(cells, a, rattle, seed, numbers = () => 29) {
  const rng = mulberry32(seed);
  const basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
  const positions = [];
  const z = [];
  for (let i = 0; i < cells; i++) for (let j = 0; j < cells; j++) for (let k = 0; k < cells; k++) {
    for (const b of basis) {
      positions.push(...[i + b[0], j + b[1], k + b[2]].map((f) => f * a + rattle * (2 * rng() - 1)));
      z.push(numbers(z.length, rng));
    }
  }
  const L = cells * a;
  return { positions, numbers: z, cell: [L, 0, 0, 0, L, 0, 0, 0, L], pbc: [true, true, true] };
}

/** `n` atoms in a box of side `side`, at least `minDistance` apart, no cell. */
export function cluster(n, side, minDistance, seed, species) {
  const rng = mulberry32(seed);
  const positions = [];
  while (positions.length < 3 * n) {
    const p = [rng() * side, rng() * side, rng() * side];
    let ok = true;
    for (let k = 0; k < positions.length && ok; k += 3) ok = Math.hypot(p[0] - positions[k], p[1] - positions[k + 1], p[2] - positions[k + 2]) >= minDistance;
    if (ok) positions.push(...p);
  }
  return { positions, numbers: Array.from({ length: n }, (_, i) => species[i % species.length]) };
}

export function testSystems() {
  return {
    'periodic, 2 species': fcc(2, 3.61, 0.15, 11, (i, rng) => (rng() < 0.5 ? 28 : 29)),
    'cluster, 3 species': cluster(24, 6.5, 1.3, 5, [1, 6, 8]),
    'small triclinic cell (self images)': {
      positions: [0.1, 0.2, 0.3, 1.4, 1.1, 0.9, 2.2, 0.4, 1.7],
      numbers: [14, 8, 8],
      cell: [2.9, 0, 0, 0.6, 2.7, 0, 0.3, -0.4, 3.1],
      pbc: [true, true, true],
    },
  };
}

/** A seeded array in [−1, 1). */
export function randomArray(length, seed) {
  const rng = mulberry32(seed);
  return Float64Array.from({ length }, () => 2 * rng() - 1);
}

/** max |a − b| / max |b|. */
export function relativeMaxError(a, b) {
  let err = 0;
  let scale = 0;
  for (let k = 0; k < b.length; k++) {
    err = Math.max(err, Math.abs(a[k] - b[k]));
    scale = Math.max(scale, Math.abs(b[k]));
  }
  return { error: err, scale, relative: scale > 0 ? err / scale : err };
}

export async function gpuDevice() {
  if (!navigator.gpu) return { available: false, reason: 'navigator.gpu is missing' };
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) return { available: false, reason: 'navigator.gpu.requestAdapter() returned null' };
  const info = adapter.info ?? {};
  const device = await adapter.requestDevice({
    requiredLimits: { maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize, maxBufferSize: adapter.limits.maxBufferSize },
  });
  return { available: true, vendor: info.vendor, architecture: info.architecture, description: info.description, device };
}
