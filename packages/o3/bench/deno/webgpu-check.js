import run from '../../test/webgpu/sh-gpu-page.js';
const cases = [
  ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 16].map((lMax) => ({ lMax, style: 'unrolled' })),
  ...[1, 5, 16, 32, 64].map((lMax) => ({ lMax, style: 'loops' })),
];
const r = await run({ cases });
const max = (xs) => Math.max(...xs);
console.log(JSON.stringify({
  adapter: r.adapter,
  accuracyMaxValueRatio: max(r.accuracy?.map((a) => a.value.ratio) ?? [NaN]),
  accuracyMaxGradientRatio: max(r.accuracy?.map((a) => a.gradient.ratio) ?? [NaN]),
  allFinite: r.accuracy?.every((a) => a.finite),
  equivariance: r.equivariance, finiteDifferences: r.finiteDifferences, codePaths: r.codePaths,
  chunking: r.chunking, origin: r.origin, ms: r.ms,
}, null, 1));
