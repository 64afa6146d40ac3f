// Runs in headless Chromium (through @equikit/runtime-smoke's harness, see
// ../webgpu.test.ts): computes SphericalHarmonicsGPU on WebGPU and the CPU 'js' f64 path
// on the same points and reports error ratios; the Node side asserts on them.
//
// An error ratio is |GPU − CPU| divided by the documented f32 tolerance, so the test
// passes when every ratio is below 1. With eps = 2^−23, N_l = √((2l+1)/4π) (the largest
// |Y_l|), s_l = 1 for spherical and |r|^l for solid harmonics:
//   values:    eps · (l+1)² · N_l · s_l                + 2^−124
//   gradients: eps · (l+1)³ · N_l · s_l / |r|          + (l+1)² · N_l · 2^−126
// A direction error δ moves Y_l by up to about l²·N_l·δ near the poles: the f32 rounding of
// u = r/|r| alone is that large, and the CPU f32 wasm path has as much; a gradient is one
// factor of l larger. The absolute terms cover the subnormal range, which WGSL lets an
// implementation flush to zero: 4× the smallest normal f32 for values; for gradients, whose
// factor 1/|r| is itself subnormal beyond |r| ≈ 8.5e37, that bound times the gradient's size.
import { SphericalHarmonicsGPU, MAX_GPU_L, solidRadiusLimit } from '../../dist/webgpu/index.js';
import { SphericalHarmonics, mulberry32, randomRotation, wignerDAll } from '@equikit/o3';

const EPS = 2 ** -23;
const TINY = 2 ** -124;

function normL(l) {
  return Math.sqrt((2 * l + 1) / (4 * Math.PI));
}

/** A random unit vector (Gaussian components, normalised). */
function direction(rng) {
  for (;;) {
    const g = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    const v = [g(), g(), g()];
    const n = Math.hypot(...v);
    if (n > 1e-3) return v.map((c) => c / n);
  }
}

/** n random points with log-uniform radii in [rMin, rMax], plus hand-picked hard cases. */
function testPoints(rng, n, rMin, rMax, extra) {
  const pts = [];
  for (let i = 0; i < n; i++) {
    const r = Math.exp(Math.log(rMin) + (Math.log(rMax) - Math.log(rMin)) * rng());
    pts.push(...direction(rng).map((c) => c * r));
  }
  pts.push(...extra.flat());
  // Round to f32 so that CPU and GPU see the same numbers.
  return Float64Array.from(Float32Array.from(pts));
}

const AXES = [
  [1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1],
  [1e-4, 0, 1], [0, -1e-7, -1], [3e-8, 2e-8, 0.5], [1, 1, 1],
];

/**
 * Max over points and k of |gpu − cpu| / tolerance, overall (with where it happened) and
 * per degree l; also the plain scaled error |gpu − cpu| / (N_l·s_l) per l, for the README.
 */
function ratios(lMax, normalized, xyz, gpu, cpu, withGradients) {
  const K = (lMax + 1) ** 2;
  const n = xyz.length / 3;
  let value = { ratio: 0 };
  let gradient = { ratio: 0 };
  const zeros = () => new Array(lMax + 1).fill(0);
  const byL = { value: zeros(), gradient: zeros(), valueError: zeros(), gradientError: zeros() };
  for (let i = 0; i < n; i++) {
    const r = Math.hypot(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
    for (let k = 0; k < K; k++) {
      const l = Math.floor(Math.sqrt(k));
      const scale = normL(l) * (normalized ? 1 : r ** l);
      const d = Math.abs(gpu.values[i * K + k] - cpu.values[i * K + k]);
      const e = d / (EPS * (l + 1) ** 2 * scale + TINY);
      byL.value[l] = Math.max(byL.value[l], e);
      if (scale > 1e-30) byL.valueError[l] = Math.max(byL.valueError[l], d / scale);
      if (!(e <= value.ratio)) value = { ratio: e, point: Array.from(xyz.subarray(3 * i, 3 * i + 3)), k, gpu: gpu.values[i * K + k], cpu: cpu.values[i * K + k] };
      if (!withGradients || r === 0) continue;
      for (let a = 0; a < 3; a++) {
        const j = (3 * i + a) * K + k;
        const dg = Math.abs(gpu.gradients[j] - cpu.gradients[j]);
        const eg = dg / ((EPS * (l + 1) ** 3 * scale) / r + (l + 1) ** 2 * normL(l) * 2 ** -126);
        byL.gradient[l] = Math.max(byL.gradient[l], eg);
        if (scale / r > 1e-30 && scale / r < 1e30) byL.gradientError[l] = Math.max(byL.gradientError[l], (dg * r) / scale);
        if (!(eg <= gradient.ratio)) gradient = { ratio: eg, point: Array.from(xyz.subarray(3 * i, 3 * i + 3)), k, axis: a, gpu: gpu.gradients[j], cpu: cpu.gradients[j] };
      }
    }
  }
  return { value, gradient, byL };
}

async function accuracy(device, cases) {
  const out = [];
  for (const { lMax, style } of cases) {
    for (const normalized of [true, false]) {
      const rng = mulberry32(1000 + 2 * lMax + (normalized ? 1 : 0));
      const rMax = normalized ? 1e30 : Math.min(1e2, solidRadiusLimit(lMax) / 2);
      const rMin = normalized ? 1e-30 : 1e-2;
      const big = normalized ? [[1e38, -2e38, 3e37], [1e-36, 2e-36, -1e-36], [1e-20, 1, 0]] : [];
      const xyz = testPoints(rng, 300, rMin, rMax, [...AXES, [0, 0, 0], ...big]);
      const t = performance.now();
      const gpu = await SphericalHarmonicsGPU.create(lMax, { normalized, device, style });
      const got = await gpu.computeWithGradients(xyz);
      const ms = performance.now() - t;
      const cpu = new SphericalHarmonics(lMax, { normalized, backend: 'js' }).computeWithGradients(xyz);
      const finite = got.values.every(Number.isFinite) && got.gradients.every(Number.isFinite);
      out.push({ lMax, style: gpu.style, normalized, points: xyz.length / 3, finite, ms, ...ratios(lMax, normalized, xyz, got, cpu, true) });
      gpu.destroy();
    }
  }
  return out;
}

function applyMatrix(R, xyz) {
  const out = new Float64Array(xyz.length);
  for (let i = 0; i < xyz.length; i += 3) {
    for (let a = 0; a < 3; a++) out[i + a] = R[3 * a] * xyz[i] + R[3 * a + 1] * xyz[i + 1] + R[3 * a + 2] * xyz[i + 2];
  }
  return out;
}

/**
 * Y(R·r) = D(R)·Y(r) and ∇Y(R·r) = R·∇Y(r)·D(R)ᵀ for a random rotation with inversion
 * (det R = −1); errors over the value tolerance above, times (2l+1) for the sum over m'.
 */
async function equivariance(device, lMax, normalized, seed, style) {
  const rng = mulberry32(seed);
  const R = randomRotation(rng).map((v) => -v); // improper: a rotation times inversion
  const xyz = testPoints(rng, 100, 0.3, 3, []);
  const moved = applyMatrix(R, xyz);
  const gpu = await SphericalHarmonicsGPU.create(lMax, { normalized, device, style });
  const a = await gpu.computeWithGradients(xyz);
  const b = await gpu.computeWithGradients(moved);
  gpu.destroy();
  const D = wignerDAll(lMax, R);
  const K = (lMax + 1) ** 2;
  let valueRatio = 0;
  let gradientRatio = 0;
  for (let i = 0; i < xyz.length / 3; i++) {
    const r = Math.hypot(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
    for (let l = 0; l <= lMax; l++) {
      const n = 2 * l + 1;
      const tol = EPS * (l + 1) ** 2 * n * normL(l) * (normalized ? 1 : r ** l);
      for (let p = 0; p < n; p++) {
        let s = 0;
        const rotatedGrad = [0, 0, 0];
        for (let q = 0; q < n; q++) {
          const d = D[l][p * n + q];
          s += d * a.values[i * K + l * l + q];
          for (let x = 0; x < 3; x++) {
            for (let y = 0; y < 3; y++) rotatedGrad[x] += R[3 * x + y] * d * a.gradients[(3 * i + y) * K + l * l + q];
          }
        }
        valueRatio = Math.max(valueRatio, Math.abs(s - b.values[i * K + l * l + p]) / tol);
        for (let x = 0; x < 3; x++) {
          const g = b.gradients[(3 * i + x) * K + l * l + p];
          gradientRatio = Math.max(gradientRatio, Math.abs(rotatedGrad[x] - g) / (((l + 1) * tol) / r));
        }
      }
    }
  }
  return { lMax, style: gpu.style, normalized, valueRatio, gradientRatio };
}

/**
 * GPU gradients against central finite differences of the f64 CPU values (an independent
 * reference: no CPU gradient code involved), step h = 1e−4·|r|, error O(h²) ≈ 1e−8 relative,
 * far below the f32 tolerance; ratios over the gradient tolerance above.
 */
async function finiteDifferences(device, lMax, normalized) {
  const rng = mulberry32(31 + lMax);
  const xyz = testPoints(rng, 60, 0.2, 5, []);
  const gpu = await SphericalHarmonicsGPU.create(lMax, { normalized, device });
  const { gradients } = await gpu.computeWithGradients(xyz);
  gpu.destroy();
  const cpu = new SphericalHarmonics(lMax, { normalized, backend: 'js' });
  const K = (lMax + 1) ** 2;
  let ratio = 0;
  for (let i = 0; i < xyz.length / 3; i++) {
    const p = xyz.subarray(3 * i, 3 * i + 3);
    const r = Math.hypot(...p);
    const h = 1e-4 * r;
    for (let a = 0; a < 3; a++) {
      const plus = Float64Array.from(p);
      const minus = Float64Array.from(p);
      plus[a] += h;
      minus[a] -= h;
      const vp = cpu.compute(plus).values;
      const vm = cpu.compute(minus).values;
      for (let k = 0; k < K; k++) {
        const l = Math.floor(Math.sqrt(k));
        const fd = (vp[k] - vm[k]) / (2 * h);
        const tol = (EPS * (l + 1) ** 3 * normL(l) * (normalized ? 1 : r ** l)) / r;
        ratio = Math.max(ratio, Math.abs(gradients[(3 * i + a) * K + k] - fd) / tol);
      }
    }
  }
  return { lMax, normalized, ratio };
}

/**
 * The two program styles against each other on the same points (sphericart checks every
 * code path against every other): their difference, over the tolerance above.
 */
async function codePaths(device, lMax) {
  const out = [];
  for (const normalized of [true, false]) {
    const xyz = testPoints(mulberry32(50 + lMax), 200, 0.1, 10, AXES);
    const results = [];
    for (const style of ['unrolled', 'loops']) {
      const gpu = await SphericalHarmonicsGPU.create(lMax, { normalized, device, style });
      results.push(await gpu.computeWithGradients(xyz));
      gpu.destroy();
    }
    const { value, gradient } = ratios(lMax, normalized, xyz, results[0], results[1], true);
    out.push({ lMax, normalized, valueRatio: value.ratio, gradientRatio: gradient.ratio });
  }
  return out;
}

/** Outputs of one calculator across calls of growing, shrinking and concurrent sizes. */
async function reuse(device) {
  const lMax = 5;
  const rng = mulberry32(7);
  const sets = [50, 700, 20, 0, 333].map((n) => testPoints(rng, n, 0.1, 10, []));
  const gpu = await SphericalHarmonicsGPU.create(lMax, { device });
  const cpu = new SphericalHarmonics(lMax, { backend: 'js' });
  const sequential = [];
  for (const xyz of sets) sequential.push(await gpu.compute(xyz));
  const concurrent = await Promise.all(sets.map((xyz, j) => (j % 2 ? gpu.computeWithGradients(xyz) : gpu.compute(xyz))));
  const results = [...sequential, ...concurrent];
  const worst = results.map((res, j) => {
    const xyz = sets[j % sets.length];
    return ratios(lMax, true, xyz, res, cpu.computeWithGradients(xyz), res.gradients !== undefined);
  });
  const lengths = results.map((res, j) => res.values.length === ((lMax + 1) ** 2 * sets[j % sets.length].length) / 3);
  // out arrays are filled in place and returned
  const xyz = sets[0];
  const values = new Float32Array(((lMax + 1) ** 2 * xyz.length) / 3);
  const gradients = new Float32Array(3 * values.length);
  const res = await gpu.computeWithGradients(xyz, { values, gradients });
  const fresh = await gpu.computeWithGradients(xyz);
  // the input is not mutated; f32 and f64 input give the same bits
  const f32 = Float32Array.from(sets[1]);
  const copy = f32.slice();
  const from32 = await gpu.compute(f32);
  const from64 = await gpu.compute(sets[1]);
  // a view into a larger buffer, at an offset, reads only its own points
  const padded = new Float32Array(f32.length + 7).fill(1e30);
  padded.set(f32, 4);
  const fromView = await gpu.compute(padded.subarray(4, 4 + f32.length));
  gpu.destroy();
  let destroyedError = '';
  await gpu.compute(xyz).catch((e) => (destroyedError = `${e.name}: ${e.message}`));
  return {
    maxValueRatio: Math.max(...worst.map((w) => w.value.ratio)),
    maxGradientRatio: Math.max(...worst.map((w) => w.gradient.ratio)),
    lengthsOk: lengths.every(Boolean),
    outFilledInPlace: res.values === values && res.gradients === gradients,
    outMatchesFresh: equal(values, fresh.values) && equal(gradients, fresh.gradients),
    inputUnchanged: equal(f32, copy),
    f32EqualsF64Input: equal(from32.values, from64.values),
    subarrayInput: equal(fromView.values, from32.values),
    destroyedError,
  };
}

/**
 * Chunking: a device wrapper that reports small storage limits forces several dispatches
 * per call; the outputs must be bit-identical to one dispatch on the real device.
 */
async function chunking(device, style) {
  const lMax = 4;
  const K = (lMax + 1) ** 2;
  const small = {
    maxStorageBufferBindingSize: 4 * 3 * K * 64, // 64 points per dispatch with gradients
    maxBufferSize: device.limits.maxBufferSize,
    maxComputeWorkgroupsPerDimension: device.limits.maxComputeWorkgroupsPerDimension,
  };
  const wrapped = {
    limits: small,
    queue: device.queue,
    lost: device.lost,
    createBuffer: (d) => device.createBuffer(d),
    createShaderModule: (d) => device.createShaderModule(d),
    createComputePipelineAsync: (d) => device.createComputePipelineAsync(d),
    createBindGroup: (d) => device.createBindGroup(d),
    createCommandEncoder: (d) => device.createCommandEncoder(d),
    pushErrorScope: (f) => device.pushErrorScope(f),
    popErrorScope: () => device.popErrorScope(),
    destroy: () => undefined,
  };
  const xyz = testPoints(mulberry32(11), 1000, 0.1, 10, []);
  const chunked = await SphericalHarmonicsGPU.create(lMax, { normalized: false, device: wrapped, style });
  const whole = await SphericalHarmonicsGPU.create(lMax, { normalized: false, device, style });
  const a = await chunked.computeWithGradients(xyz);
  const b = await whole.computeWithGradients(xyz);
  const c = await chunked.compute(xyz);
  chunked.destroy();
  whole.destroy();
  return { style, points: 1000, pointsPerDispatch: 64, identical: equal(a.values, b.values) && equal(a.gradients, b.gradients) && equal(c.values, b.values) };
}

function equal(a, b) {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

/** Each bad call must reject with this error class and a message matching this pattern. */
async function argumentErrors(device) {
  const gpu = await SphericalHarmonicsGPU.create(3, { device });
  const solid = await SphericalHarmonicsGPU.create(8, { normalized: false, device });
  const cases = [
    ['lMax −1', () => SphericalHarmonicsGPU.create(-1, { device }), 'RangeError', /lMax must be an integer in \[0, 64\]/],
    [`lMax ${MAX_GPU_L + 1}`, () => SphericalHarmonicsGPU.create(MAX_GPU_L + 1, { device }), 'RangeError', /lMax/],
    ['lMax 2.5', () => SphericalHarmonicsGPU.create(2.5, { device }), 'TypeError', /lMax must be an integer/],
    ['options null', () => SphericalHarmonicsGPU.create(2, null), 'TypeError', /options must be an object/],
    ['normalized "yes"', () => SphericalHarmonicsGPU.create(2, { normalized: 'yes', device }), 'TypeError', /options\.normalized must be a boolean/],
    ['device {}', () => SphericalHarmonicsGPU.create(2, { device: {} }), 'TypeError', /options\.device must be a GPUDevice/],
    ['xyz array', () => gpu.compute([1, 2, 3]), 'TypeError', /xyz must be a Float64Array or Float32Array/],
    ['xyz length 4', () => gpu.compute(new Float64Array(4)), 'RangeError', /xyz must have a length that is a multiple of 3/],
    ['xyz NaN', () => gpu.compute(Float64Array.of(0, NaN, 1)), 'RangeError', /xyz\[0\]\[1\] must be finite/],
    ['xyz beyond f32', () => gpu.compute(Float64Array.of(0, 0, 1, 1e39, 0, 0)), 'RangeError', /xyz\[1\]\[0\] must lie in the float32 range/],
    ['solid overflow', () => solid.compute(Float64Array.of(1, 0, 0, 0, 1e6, 0)), 'RangeError', /xyz\[1\] has \|r\| = 1\.00000e\+6: solid harmonics to lMax 8 overflow float32/],
    ['gradient overflow', () => gpu.computeWithGradients(Float64Array.of(2e-38, 0, 0)), 'RangeError', /gradients of spherical harmonics to lMax 3 overflow/],
    ['out.values length', () => gpu.compute(new Float64Array(3), { values: new Float32Array(3) }), 'RangeError', /out\.values must have length 16, got 3/],
    ['out.values f64', () => gpu.compute(new Float64Array(3), { values: new Float64Array(16) }), 'TypeError', /out\.values must be a Float32Array, got Float64Array/],
    ['out null', () => gpu.compute(new Float64Array(3), null), 'TypeError', /out must be an object/],
  ];
  const results = [];
  for (const [name, call, type, pattern] of cases) {
    try {
      await call();
      results.push({ name, ok: false, got: 'no error' });
    } catch (e) {
      results.push({ name, ok: e.name === type && pattern.test(e.message), got: `${e.name}: ${e.message}` });
    }
  }
  // A calculator still works after rejected calls.
  const after = await gpu.compute(Float64Array.of(0, 0, 2));
  results.push({ name: 'works after errors', ok: Math.abs(after.values[2] - Math.sqrt(3 / (4 * Math.PI))) < 1e-6, got: String(after.values[2]) });
  gpu.destroy();
  solid.destroy();
  return results;
}

/** The documented origin convention, and points below f32's smallest normal count as the origin. */
async function origin(device) {
  const out = {};
  for (const normalized of [true, false]) {
    const gpu = await SphericalHarmonicsGPU.create(3, { normalized, device });
    const res = await gpu.computeWithGradients(Float64Array.of(0, 0, 0, 1e-39, -1e-40, 0));
    gpu.destroy();
    const cpu = new SphericalHarmonics(3, { normalized, backend: 'js' }).computeWithGradients(Float64Array.of(0, 0, 0));
    const rows = [0, 1].map((i) => ({
      values: Array.from(res.values.subarray(16 * i, 16 * i + 16)),
      gradients: Array.from(res.gradients.subarray(48 * i, 48 * i + 48)),
    }));
    out[normalized ? 'spherical' : 'solid'] = { rows, cpu: { values: Array.from(cpu.values), gradients: Array.from(cpu.gradients) } };
  }
  return out;
}

async function adapterInfo() {
  if (!('gpu' in navigator)) return { available: false, reason: `navigator.gpu is missing (secure context: ${isSecureContext})` };
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) return { available: false, reason: 'navigator.gpu.requestAdapter() returned null' };
  const info = adapter.info ?? {};
  return { available: true, vendor: info.vendor, architecture: info.architecture, description: info.description, adapter };
}

export default async function run({ cases }) {
  const { adapter, ...info } = await adapterInfo();
  if (!info.available) return { adapter: info };
  const device = await adapter.requestDevice();
  const t0 = performance.now();
  const report = {
    adapter: info,
    accuracy: await accuracy(device, cases),
    equivariance: [
      await equivariance(device, 6, true, 21),
      await equivariance(device, 6, false, 22),
      await equivariance(device, 20, true, 23, 'loops'),
      await equivariance(device, 20, false, 24, 'loops'),
    ],
    finiteDifferences: [await finiteDifferences(device, 8, true), await finiteDifferences(device, 8, false)],
    codePaths: [...(await codePaths(device, 4)), ...(await codePaths(device, 8))],
    reuse: await reuse(device),
    chunking: [await chunking(device, 'unrolled'), await chunking(device, 'loops')],
    errors: await argumentErrors(device),
    origin: await origin(device),
  };
  report.ms = performance.now() - t0;
  // Without options.device, create() requests its own device (and destroy() frees it).
  const own = await SphericalHarmonicsGPU.create(1);
  report.ownDevice = Array.from((await own.compute(Float64Array.of(0, 0, 3))).values);
  own.destroy();
  device.destroy();
  return report;
}
