// Backends every test runs against, and seeded structures shared by the tests.
import { init as initDensity } from '@equikit/density';
import { init as initO3 } from '@equikit/o3';
import type { BackendName } from '@equikit/core';

await initO3();
await initDensity();

/** The expansion runs on each; the CentreMaps are TypeScript on all three. */
export const BACKENDS: readonly BackendName[] = ['js', 'wasm', 'wasm-simd'];
