// The smoke cases: one list, run unchanged in Node, Deno, Bun and a Chromium page.
// Plain ESM, no runtime APIs: packages are imported by name (an import map in the
// browser) from their built dist/, so this is what a user of the packages gets.
//
// Add a case per package here. A case whose package does not export its kernel yet
// skips with the reason; anything else that goes wrong is a failure.
import { allClose, equal, ok, Skip, throwsNaming } from './check.js';
import { affineScalarBytes, affineSimdBytes } from './fixtures/affine-kernel.js';

// --- helpers ---------------------------------------------------------------

/** The kernel backends this runtime can run: wasm-simd only where SIMD validates. */
function runnableBackends(core) {
  return core.simdSupported() ? ['js', 'wasm', 'wasm-simd'] : ['js', 'wasm'];
}

function requireExport(mod, name, pkg) {
  if (mod[name] === undefined) throw new Skip(`${pkg} does not export ${name} yet`);
  return mod[name];
}

const SYNC_COMPILE_REFUSED = /cannot compile WebAssembly synchronously/;

/**
 * Runs `kernel(backend)` on every runnable backend with the backend forced through
 * core's setBackend. Where the runtime refuses to compile synchronously (a browser's
 * main thread may), the error must name `init`; the case then awaits `pkg.init` for
 * the flavour, as the docs tell users to, and runs again.
 */
async function onEveryBackend(core, pkg, ctx, kernel, implemented = undefined) {
  const results = {};
  for (const backend of runnableBackends(core)) {
    if (implemented && !implemented.includes(backend)) {
      ctx.note(`${backend}: not implemented by this kernel`);
      continue;
    }
    // A kernel forced onto a wasm flavour must load that build of its package: seeing
    // it load proves the wasm path ran rather than a silent fallback to js.
    const loadedBefore = backend !== 'js' && pkg.wasmModule?.isLoaded(backend);
    core.setBackend(backend);
    try {
      try {
        results[backend] = await kernel(backend);
      } catch (error) {
        if (backend === 'js' || !SYNC_COMPILE_REFUSED.test(String(error?.message))) throw error;
        ok(/init\(/.test(error.message), `the sync-compile error should say which init to call, got ${error.message}`);
        ctx.note(`${backend}: sync compile refused, used await init()`);
        await pkg.init({ flavor: backend });
        results[backend] = await kernel(backend);
      }
    } finally {
      core.setBackend('auto');
    }
    if (backend !== 'js' && pkg.wasmModule && !loadedBefore) {
      ok(
        pkg.wasmModule.isLoaded(backend),
        `with setBackend('${backend}') the kernel neither threw (no such backend) nor loaded ${pkg.wasmModule.fileName(backend)}: the forced backend was ignored`,
      );
    }
  }
  return results;
}

function wasmFileUrl(pkg, file) {
  // import.meta.resolve follows the package's exports map (an import map in the browser).
  return new URL(import.meta.resolve(`@equikit/${pkg}/${file}`));
}

function bytesToDataUrl(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `data:application/wasm;base64,${btoa(binary)}`;
}

// --- @equikit/core -----------------------------------------------------------

/**
 * A kernel written the way kernel packages write theirs, on the affine fixture
 * (out = a·x + b; SIMD and scalar builds from src/fixtures/affine.wat).
 */
function affineKernel(core) {
  const module = new core.WasmKernelModule({
    packageName: '@equikit/runtime-smoke',
    name: 'affine',
    simdBytes: () => affineSimdBytes,
    scalarBytes: () => affineScalarBytes,
  });
  function affine(x, a, b, options = {}) {
    core.assertFloatArray(x, 'x');
    const backend = core.resolveBackend('affine', ['js', 'wasm', 'wasm-simd'], options.backend);
    if (backend === 'js') return Float64Array.from(x, (v) => a * v + b);
    const wasm = module.instance(backend);
    try {
      const xPtr = wasm.put(Float64Array.from(x));
      const outPtr = wasm.alloc(x.length * 8);
      wasm.exports.affine(xPtr, x.length, a, b, outPtr);
      return wasm.f64(outPtr, x.length).slice();
    } finally {
      wasm.reset();
    }
  }
  return { module, affine };
}

// Odd length, so the SIMD build runs both its pair loop and its scalar tail.
const AFFINE_X = Float64Array.from([0.1, -2.5, 3.75, 1e-300, -0, 12345.678, Math.PI]);
const AFFINE_EXPECTED = Float64Array.from(AFFINE_X, (v) => 1.5 * v - 0.25);

const EXTXYZ = `2
Lattice="4.0 0.0 0.0 0.0 4.5 0.0 0.5 0.0 5.0" Properties=species:S:1:pos:R:3:forces:R:3 energy=-1.5 pbc="T T T"
H 0.0 0.0 0.0 0.1 0.0 0.0
O 1.0 0.5 0.25 -0.1 0.0 0.0
1
Properties=species:S:1:pos:R:3 energy=2.0 pbc="F F F"
C 0.5 -1.0 2.0
`;

const coreCases = [
  {
    name: 'core: imports; SIMD probe; assert helpers and setBackend reject bad input',
    async run() {
      const core = await import('@equikit/core');
      const simd = core.simdSupported();
      equal(typeof simd, 'boolean', 'simdSupported()');
      equal(core.simdSupported(), simd, 'simdSupported() probed once, same answer twice');
      equal(WebAssembly.validate(affineSimdBytes), simd, 'the SIMD fixture validates exactly where simdSupported() says');
      ok(WebAssembly.validate(affineScalarBytes), 'the scalar fixture validates');
      equal(core.getBackend(), simd ? 'wasm-simd' : 'wasm', 'automatic backend');
      throwsNaming(() => core.assertFiniteNumber(NaN, 'cutoff'), TypeError, ['cutoff'], 'assertFiniteNumber(NaN)');
      throwsNaming(() => core.assertPositiveNumber(-1, 'cutoff'), RangeError, ['cutoff', 'positive'], 'assertPositiveNumber(-1)');
      throwsNaming(() => core.assertFloatArray([1, 2], 'positions'), TypeError, ['positions', 'Float64Array'], 'assertFloatArray([])');
      throwsNaming(() => core.setBackend('gpu'), TypeError, ['backend', 'gpu'], "setBackend('gpu')");
      return `simd=${simd}`;
    },
  },
  {
    name: 'core: a WasmKernelModule kernel gives the same answer on js, wasm, wasm-simd',
    async run(ctx) {
      const core = await import('@equikit/core');
      const { affine } = affineKernel(core);
      const input = AFFINE_X.slice();
      const backends = runnableBackends(core);
      for (const backend of backends) {
        // per-call choice, then the same through the global setBackend
        allClose(affine(input, 1.5, -0.25, { backend }), AFFINE_EXPECTED, 0, `affine on ${backend} (per call)`);
        core.setBackend(backend);
        try {
          allClose(affine(input, 1.5, -0.25), AFFINE_EXPECTED, 0, `affine on ${backend} (setBackend)`);
        } finally {
          core.setBackend('auto');
        }
      }
      allClose(input, AFFINE_X, 0, 'input left unchanged');
      if (!core.simdSupported()) ctx.note('wasm-simd not run: no SIMD in this runtime');
      return `ran on ${backends.join(', ')}`;
    },
  },
  {
    name: 'core: init() loads a .wasm from bytes, a Response, a URL and a WebAssembly.Module',
    async run() {
      const core = await import('@equikit/core');
      const flavors = core.simdSupported() ? ['wasm', 'wasm-simd'] : ['wasm'];
      const sources = {
        bytes: (bytes) => bytes,
        Response: (bytes) => new Response(bytes, { headers: { 'content-type': 'application/wasm' } }),
        'data: URL': (bytes) => bytesToDataUrl(bytes),
        'WebAssembly.Module': (bytes) => new WebAssembly.Module(bytes),
      };
      for (const flavor of flavors) {
        const bytes = flavor === 'wasm-simd' ? affineSimdBytes : affineScalarBytes;
        for (const [way, make] of Object.entries(sources)) {
          const { module, affine } = affineKernel(core);
          equal(module.isLoaded(flavor), false, `${flavor} loaded before init`);
          equal(await module.init({ wasm: make(bytes), flavor }), flavor, `init from ${way}`);
          ok(module.isLoaded(flavor), `${flavor} loaded after init from ${way}`);
          allClose(affine(AFFINE_X, 1.5, -0.25, { backend: flavor }), AFFINE_EXPECTED, 0, `affine after init from ${way} (${flavor})`);
        }
      }
      return `${Object.keys(sources).join(', ')} × ${flavors.join(', ')}`;
    },
  },
  {
    name: 'core: readExtxyz reads a two-frame extended XYZ',
    async run() {
      const core = await import('@equikit/core');
      const readExtxyz = requireExport(core, 'readExtxyz', '@equikit/core');
      const frames = readExtxyz(EXTXYZ);
      equal(frames.length, 2, 'frames');
      const [a, b] = frames;
      allClose(a.numbers, [1, 8], 0, 'frame 0 numbers');
      allClose(a.positions, [0, 0, 0, 1, 0.5, 0.25], 0, 'frame 0 positions');
      allClose(a.cell, [4, 0, 0, 0, 4.5, 0, 0.5, 0, 5], 0, 'frame 0 cell');
      allClose(a.pbc, [true, true, true], 0, 'frame 0 pbc');
      equal(a.info.energy, -1.5, 'frame 0 energy');
      allClose(a.arrays.forces, [0.1, 0, 0, -0.1, 0, 0], 0, 'frame 0 forces');
      allClose(b.numbers, [6], 0, 'frame 1 numbers');
      allClose(b.cell, new Float64Array(9), 0, 'frame 1 cell (none)');
      allClose(b.pbc, [false, false, false], 0, 'frame 1 pbc');
      const truncated = EXTXYZ.split('\n').slice(0, 3).join('\n');
      let error;
      try {
        readExtxyz(truncated);
      } catch (e) {
        error = e;
      }
      ok(error instanceof Error && /line/i.test(error.message), `a truncated frame should raise an error naming the line, got ${error?.message}`);
      if (typeof core.writeExtxyz === 'function') {
        const again = readExtxyz(core.writeExtxyz(frames));
        allClose(again[0].positions, a.positions, 0, 'positions after writeExtxyz → readExtxyz');
        return 'read, and round-tripped through writeExtxyz';
      }
      return 'read (writeExtxyz not exported yet)';
    },
  },
  {
    name: 'core: Labels index rows and refuse repeats',
    async run() {
      const core = await import('@equikit/core');
      const Labels = requireExport(core, 'Labels', '@equikit/core');
      const labels = new Labels(['system', 'atom'], [[0, 0], [0, 1], [1, 0]]);
      equal(labels.count, 3, 'count');
      equal(labels.position([0, 1]), 1, 'position of [0, 1]');
      equal(labels.position([2, 2]), undefined, 'position of a missing row');
      let error;
      try {
        new Labels(['system', 'atom'], [[0, 0], [0, 0]]);
      } catch (e) {
        error = e;
      }
      ok(error instanceof RangeError, `a repeated row should raise a RangeError, got ${error}`);
    },
  },
];

// --- every kernel package: the wasm builds load ------------------------------

/** The package imports, its embedded builds compile, and its shipped .wasm files load by URL. */
function wasmLoadCase(pkg) {
  return {
    name: `${pkg}: imports; embedded and URL-loaded .wasm builds instantiate`,
    async run(ctx) {
      const core = await import('@equikit/core');
      const mod = await import(`@equikit/${pkg}`);
      equal(typeof mod.init, 'function', `@equikit/${pkg} init`);
      const wasmModule = requireExport(mod, 'wasmModule', `@equikit/${pkg}`);
      const flavors = runnableBackends(core).filter((b) => b !== 'js');
      for (const flavor of flavors) {
        let instance;
        try {
          instance = wasmModule.instance(flavor);
        } catch (error) {
          if (!SYNC_COMPILE_REFUSED.test(String(error?.message))) throw error;
          ctx.note(`${flavor}: sync compile refused, used await init()`);
          await mod.init({ flavor });
          instance = wasmModule.instance(flavor);
        }
        ok(instance.exports.memory instanceof WebAssembly.Memory, `${flavor}: exports memory`);
        ok(Number.isInteger(instance.exports.heapBase()) && instance.exports.heapBase() >= 0, `${flavor}: heapBase() is an address`);
        const file = wasmModule.fileName(flavor);
        equal(await mod.init({ wasm: wasmFileUrl(pkg, file) }), flavor, `init from the URL of ${file}`);
      }
      return `${flavors.join(', ')} from embedded bytes and from the package's .wasm URL`;
    },
  };
}

// --- @equikit/neighbors --------------------------------------------------------

// Vector helpers for the brute-force reference.
const dot = (u, v) => u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
const cross = (u, v) => [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
const cellRow = (cell, k) => [cell[3 * k], cell[3 * k + 1], cell[3 * k + 2]];

/**
 * How many images along periodic direction k can hold a neighbour: the spacing of
 * the lattice planes along k is the part of a_k orthogonal to the other periodic
 * rows (non-periodic rows may be zero and play no part). One more image covers atoms
 * whose fractional coordinates differ by up to 1.
 */
function imagesAlong(cell, pbc, k, cutoff) {
  const a = cellRow(cell, k);
  const others = [0, 1, 2].filter((m) => m !== k && pbc[m]).map((m) => cellRow(cell, m));
  let spacing;
  if (others.length === 0) {
    spacing = Math.sqrt(dot(a, a));
  } else if (others.length === 1) {
    const [b] = others;
    const t = dot(a, b) / dot(b, b);
    spacing = Math.hypot(a[0] - t * b[0], a[1] - t * b[1], a[2] - t * b[2]);
  } else {
    const normal = cross(others[0], others[1]);
    spacing = Math.abs(dot(a, normal)) / Math.sqrt(dot(normal, normal));
  }
  return Math.ceil(cutoff / spacing) + 1;
}

/** O(N²·images) pairs (i, j, S) with |r_j − r_i + S·H| < cutoff: the independent reference. */
function bruteForcePairs({ positions, cell, pbc }, cutoff) {
  const reach = [0, 1, 2].map((k) => (pbc[k] ? imagesAlong(cell, pbc, k, cutoff) : 0));
  const n = positions.length / 3;
  const pairs = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      for (let s0 = -reach[0]; s0 <= reach[0]; s0++) {
        for (let s1 = -reach[1]; s1 <= reach[1]; s1++) {
          for (let s2 = -reach[2]; s2 <= reach[2]; s2++) {
            if (i === j && s0 === 0 && s1 === 0 && s2 === 0) continue;
            const v = [0, 1, 2].map((c) => positions[3 * j + c] - positions[3 * i + c] + s0 * cell[c] + s1 * cell[3 + c] + s2 * cell[6 + c]);
            const d = Math.sqrt(dot(v, v));
            if (d < cutoff) pairs.push({ i, j, S: [s0, s1, s2], d, v });
          }
        }
      }
    }
  }
  return canonicalPairs(pairs);
}

/** Sorts pairs by (i, j, S) and flattens them, so lists from different code compare entry by entry. */
function canonicalPairs(pairs) {
  pairs.sort((p, q) => p.i - q.i || p.j - q.j || p.S[0] - q.S[0] || p.S[1] - q.S[1] || p.S[2] - q.S[2]);
  return {
    ijS: Int32Array.from(pairs.flatMap((p) => [p.i, p.j, ...p.S])),
    distances: Float64Array.from(pairs, (p) => p.d),
    vectors: Float64Array.from(pairs.flatMap((p) => p.v)),
  };
}

function listToPairs(list) {
  const pairs = [];
  for (let k = 0; k < list.length; k++) {
    pairs.push({
      i: list.i[k],
      j: list.j[k],
      S: Array.from(list.shifts.subarray(3 * k, 3 * k + 3)),
      d: list.distances[k],
      v: Array.from(list.vectors.subarray(3 * k, 3 * k + 3)),
    });
  }
  return canonicalPairs(pairs);
}

const NEIGHBOR_SYSTEMS = [
  {
    label: 'molecule (no cell)',
    cutoff: 1.6,
    structure: {
      positions: Float64Array.from([0, 0, 0, 1.1, 0.1, -0.2, -0.4, 1.05, 0.3, 0.2, -0.3, 1.2, 2.4, 0.9, 0.1]),
      cell: new Float64Array(9),
      pbc: [false, false, false],
    },
  },
  {
    label: 'triclinic cell, cutoff beyond the cell',
    cutoff: 3.4,
    structure: {
      positions: Float64Array.from([0.1, 0.2, 0.3, 1.4, 1.1, 0.9, 0.6, 2.2, 2.4]),
      cell: Float64Array.from([2.9, 0, 0, 0.6, 2.7, 0, -0.4, 0.5, 3.1]),
      pbc: [true, true, true],
    },
  },
  {
    label: 'slab (pbc x, y)',
    cutoff: 2.5,
    structure: {
      positions: Float64Array.from([0, 0, 0, 1.2, 0.8, 1.0, 0.3, 1.7, -1.4]),
      cell: Float64Array.from([2.2, 0, 0, 0, 2.4, 0, 0, 0, 0]),
      pbc: [true, true, false],
    },
  },
];

const neighborsCases = [
  {
    name: 'neighbors: neighborList matches brute force on every backend',
    async run(ctx) {
      const core = await import('@equikit/core');
      const pkg = await import('@equikit/neighbors');
      const neighborList = requireExport(pkg, 'neighborList', '@equikit/neighbors');
      for (const { label, cutoff, structure } of NEIGHBOR_SYSTEMS) {
        const expected = bruteForcePairs(structure, cutoff);
        const halves = await onEveryBackend(core, pkg, ctx, async (backend) => {
          const full = listToPairs(neighborList(structure, { cutoff, full: true }));
          allClose(full.ijS, expected.ijS, 0, `${label}, ${backend}: pairs (i, j, S)`);
          allClose(full.distances, expected.distances, 1e-12, `${label}, ${backend}: distances`);
          allClose(full.vectors, expected.vectors, 1e-12, `${label}, ${backend}: vectors`);
          const half = listToPairs(neighborList(structure, { cutoff, full: false }));
          equal(half.distances.length * 2, expected.distances.length, `${label}, ${backend}: half list length`);
          return half;
        });
        for (const [backend, half] of Object.entries(halves)) {
          allClose(half.ijS, halves.js.ijS, 0, `${label}: half list on ${backend} vs js`);
        }
        ok(expected.distances.length > 0, `${label}: the system has pairs`);
      }
      return `${NEIGHBOR_SYSTEMS.length} systems on ${runnableBackends(core).join(', ')}`;
    },
  },
];

// --- @equikit/o3 ---------------------------------------------------------------

const SH_POINTS = Float64Array.from([0.3, -1.2, 0.5, 2.0, 0.1, -0.7, -0.4, 0.4, 3.0, 1e-3, 2e-3, -1e-3]);

const o3Cases = [
  {
    name: 'o3: SphericalHarmonics(3) matches the closed form for l ≤ 1 on every backend',
    async run(ctx) {
      const core = await import('@equikit/core');
      const pkg = await import('@equikit/o3');
      const SphericalHarmonics = requireExport(pkg, 'SphericalHarmonics', '@equikit/o3');
      const lMax = 3;
      const width = (lMax + 1) ** 2;
      const n = SH_POINTS.length / 3;
      const input = SH_POINTS.slice();
      const values = await onEveryBackend(core, pkg, ctx, async () => {
        const out = new SphericalHarmonics(lMax).compute(input);
        return Float64Array.from(out instanceof Float64Array || out instanceof Float32Array ? out : out.values);
      });
      // Y00 = 1/(2√π); (Y1-1, Y10, Y11) = √(3/4π)·(y, z, x)/r, in sphericart's layout l*l + l + m
      const c1 = Math.sqrt(3 / (4 * Math.PI));
      for (const [backend, v] of Object.entries(values)) {
        equal(v.length, n * width, `${backend}: values length`);
        for (let p = 0; p < n; p++) {
          const [x, y, z] = SH_POINTS.subarray(3 * p, 3 * p + 3);
          const r = Math.hypot(x, y, z);
          const expected = [1 / (2 * Math.sqrt(Math.PI)), (c1 * y) / r, (c1 * z) / r, (c1 * x) / r];
          allClose(v.subarray(p * width, p * width + 4), expected, 1e-14, `${backend}: point ${p}, l ≤ 1`);
        }
        allClose(v, values.js, 1e-13, `${backend} vs js, all l ≤ ${lMax}`);
      }
      allClose(input, SH_POINTS, 0, 'input left unchanged');
      return `lMax ${lMax} on ${Object.keys(values).join(', ')}`;
    },
  },
];

// --- @equikit/density ------------------------------------------------------------

const densityCases = [
  {
    name: 'density: SphericalExpansion.computeDense agrees on every backend',
    async run(ctx) {
      const core = await import('@equikit/core');
      const pkg = await import('@equikit/density');
      const SphericalExpansion = requireExport(pkg, 'SphericalExpansion', '@equikit/density');
      const readExtxyz = requireExport(core, 'readExtxyz', '@equikit/core (needed to build a Structure)');
      const [structure] = readExtxyz(EXTXYZ);
      const calculator = new SphericalExpansion({
        cutoff: { radius: 3.0, smoothing: { type: 'shifted-cosine', width: 0.5 } },
        density: { type: 'gaussian', width: 0.3 },
        basis: { maxAngular: 2, radial: { type: 'gto', maxRadial: 3 } },
      });
      const values = await onEveryBackend(core, pkg, ctx, async () => Float64Array.from(calculator.computeDense(structure).values));
      const scale = values.js.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      ok(scale > 0 && values.js.every(Number.isFinite), 'js values finite and not all zero');
      for (const [backend, v] of Object.entries(values)) allClose(v, values.js, 1e-10 * scale, `${backend} vs js`);
      return `${values.js.length} coefficients on ${Object.keys(values).join(', ')}`;
    },
  },
];

// --- @equikit/correlations, @equikit/models, @equikit/nn --------------------------

const SMALL_HYPERS = {
  cutoff: { radius: 3.0, smoothing: { type: 'shifted-cosine', width: 0.5 } },
  density: { type: 'gaussian', width: 0.3 },
  basis: { maxAngular: 2, radial: { type: 'gto', maxRadial: 3 } },
};

/** A small periodic two-species cell with every atom having neighbours within 3 Å. */
function smallCell(core) {
  return new core.Structure({
    positions: [0, 0, 0, 1.3, 1.2, 0.1, 0.2, 1.4, 1.5, 1.6, 0.1, 1.2],
    numbers: [14, 6, 14, 6],
    cell: [3.0, 0, 0, 0.2, 3.1, 0, 0, 0.1, 2.9],
    pbc: true,
  });
}

const modelCases = [
  {
    name: 'correlations: PowerSpectrum values, gradients and VJP agree on every backend',
    async run(ctx) {
      const core = await import('@equikit/core');
      const pkg = await import('@equikit/correlations');
      const PowerSpectrum = requireExport(pkg, 'PowerSpectrum', '@equikit/correlations');
      const calc = new PowerSpectrum(SMALL_HYPERS);
      const structure = smallCell(core);
      const results = await onEveryBackend(core, pkg, ctx, async (backend) => {
        const dense = calc.computeDense(structure, { gradients: true, backend });
        const g = Float64Array.from({ length: dense.values.length }, (_, k) => Math.sin(k));
        const vjp = calc.vectorJacobianProduct(structure, g, { backend });
        return { values: Float64Array.from(dense.values), gradients: Float64Array.from(dense.positionGradients), forces: Float64Array.from(vjp.positions) };
      });
      const scale = (v) => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      ok(scale(results.js.values) > 0 && results.js.gradients.every(Number.isFinite), 'js values finite and not all zero');
      for (const [backend, r] of Object.entries(results)) {
        allClose(r.values, results.js.values, 1e-10 * scale(results.js.values), `${backend} values vs js`);
        allClose(r.gradients, results.js.gradients, 1e-10 * scale(results.js.gradients), `${backend} gradients vs js`);
        allClose(r.forces, results.js.forces, 1e-10 * scale(results.js.forces), `${backend} VJP vs js`);
      }
      return `${results.js.values.length} values on ${Object.keys(results).join(', ')}`;
    },
  },
  {
    name: 'models: LinearPotential fits a known linear target, forces are −dE/dr',
    async run() {
      const core = await import('@equikit/core');
      const models = await import('@equikit/models');
      const { PowerSpectrum } = await import('@equikit/correlations');
      const LinearPotential = requireExport(models, 'LinearPotential', '@equikit/models');
      // a basis small enough (48 weights) for 10 frames of energies and forces to determine it
      const hypers = { ...SMALL_HYPERS, basis: { maxAngular: 1, radial: { type: 'gto', maxRadial: 2 } } };
      const calc = new PowerSpectrum(hypers);
      const base = smallCell(core);
      // energies and forces of a hidden linear model on the same features: the fit must recover them
      const F = calc.sizeFor(2);
      const w = Float64Array.from({ length: 2 * F }, (_, k) => Math.cos(3 * k) * 100);
      const frames = [];
      for (let f = 0; f < 10; f++) {
        const positions = Float64Array.from(base.positions, (x, k) => x + 0.08 * Math.sin(7 * f + 3 * k));
        const s = new core.Structure({ positions, numbers: base.numbers, cell: base.cell, pbc: true });
        const sums = calc.computeSpeciesSums(s, { species: [6, 14], gradients: ['positions'] });
        let energy = 0;
        for (let k = 0; k < 2 * F; k++) energy += w[k] * sums.values[k];
        const forces = new Float64Array(3 * s.length);
        for (let t = 0; t < 2; t++) {
          for (let a = 0; a < 3 * s.length; a++) {
            for (let k = 0; k < F; k++) forces[a] -= w[t * F + k] * sums.positionGradients[(t * 3 * s.length + a) * F + k];
          }
        }
        frames.push(new core.Structure({ positions, numbers: base.numbers, cell: base.cell, pbc: true, info: { energy }, arrays: { forces } }));
      }
      const model = await LinearPotential.fit(frames.slice(0, 8), {
        features: { type: 'power-spectrum', expansion: hypers },
        targets: { energy: 'energy', forces: 'forces', stress: false },
        referenceEnergies: { C: 0, Si: 0 },
        regularization: 1e-12,
      });
      const test = frames[9];
      const p = model.predict(test);
      ok(Math.abs(p.energy - test.info.energy) < 1e-6 * Math.max(1, Math.abs(test.info.energy)), `predicted ${p.energy}, expected ${test.info.energy} (a held-out frame)`);
      allClose(p.forces, test.arrays.forces, 1e-6, 'predicted forces of the held-out frame');
      const h = 1e-5;
      const moved = (d) => new core.Structure({ positions: Float64Array.from(test.positions, (x, k) => (k === 4 ? x + d : x)), numbers: test.numbers, cell: test.cell, pbc: true });
      const fd = -(model.predict(moved(h)).energy - model.predict(moved(-h)).energy) / (2 * h);
      ok(Math.abs(fd - p.forces[4]) < 1e-6 + 1e-5 * Math.abs(fd), `force ${p.forces[4]} vs −dE/dr ${fd}`);
      return `E = ${p.energy.toFixed(6)} eV`;
    },
  },
  {
    name: 'nn: an EquivariantPotential is invariant, its forces covariant, under a rotation with inversion',
    async run() {
      const core = await import('@equikit/core');
      const nn = await import('@equikit/nn');
      const EquivariantPotential = requireExport(nn, 'EquivariantPotential', '@equikit/nn');
      const model = new EquivariantPotential({ species: [6, 14], rMax: 3, lMax: 2, hidden: '4x0e+2x1o' });
      const s = smallCell(core);
      // R: a rotation by 0.7 rad about z, times −1 (an improper rotation)
      const c = Math.cos(0.7);
      const n = Math.sin(0.7);
      const R = [-c, n, 0, -n, -c, 0, 0, 0, -1];
      const rotate = (v) => Float64Array.from(v, (_, k) => {
        const row = k - (k % 3);
        const a = k % 3;
        return R[3 * a] * v[row] + R[3 * a + 1] * v[row + 1] + R[3 * a + 2] * v[row + 2];
      });
      const rotated = new core.Structure({ positions: rotate(s.positions), numbers: s.numbers, cell: rotate(s.cell), pbc: true });
      const a = model.predict(s);
      const b = model.predict(rotated);
      ok(Number.isFinite(a.energy), `energy ${a.energy}`);
      allClose([b.energy], [a.energy], 1e-10 * Math.max(1, Math.abs(a.energy)), 'energy after R');
      const scale = a.forces.reduce((m, f) => Math.max(m, Math.abs(f)), 0);
      ok(scale > 0, 'forces not all zero');
      allClose(b.forces, rotate(a.forces), 1e-10 * scale, 'forces after R = R · forces');
      return `E = ${a.energy.toExponential(3)}`;
    },
  },
];

// --- equikit (the facade) ----------------------------------------------------------

// How each runtime says a bare specifier names no installed package (Node, Bun, Deno, Chromium).
const PACKAGE_NOT_FOUND = /Cannot find package 'equikit'|Import "equikit" not a dependency|Failed to resolve module specifier ["']equikit["']/;

const facadeCases = [
  {
    name: 'equikit: the facade re-exports the packages themselves, not copies',
    async run() {
      let facade;
      try {
        facade = await import('equikit');
      } catch (error) {
        if (PACKAGE_NOT_FOUND.test(String(error?.message))) throw new Skip(`the equikit facade is not installed here yet (${error.message.split('\n')[0]})`);
        throw error;
      }
      // One copy of core matters: setBackend in a second copy would not reach the kernels.
      // Names several packages export (init, wasmModule) are the facade's own to define.
      const owners = new Map();
      for (const pkg of ['core', 'neighbors', 'o3', 'density']) {
        for (const [name, value] of Object.entries(await import(`@equikit/${pkg}`))) {
          owners.set(name, [...(owners.get(name) ?? []), { pkg, value }]);
        }
      }
      let shared = 0;
      for (const [name, [owner, ...others]] of owners) {
        if (others.length > 0 || !(name in facade)) continue;
        ok(facade[name] === owner.value, `equikit.${name} is not the same object as @equikit/${owner.pkg}'s ${name}`);
        shared++;
      }
      ok(shared > 0, 'equikit re-exports nothing from the @equikit packages');
      equal(facade.simdSupported, (await import('@equikit/core')).simdSupported, 'equikit.simdSupported');
      return `${shared} re-exported names identical`;
    },
  },
];

// Each package's kernel case runs before its load case, in a fresh module state.
export const cases = [
  ...coreCases,
  ...neighborsCases,
  wasmLoadCase('neighbors'),
  ...o3Cases,
  wasmLoadCase('o3'),
  ...densityCases,
  wasmLoadCase('density'),
  ...modelCases,
  wasmLoadCase('correlations'),
  wasmLoadCase('models'),
  wasmLoadCase('nn'),
  ...facadeCases,
];
