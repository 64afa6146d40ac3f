// Browser bundle cost of importing one package against the facade: Vite (Rollup) production
// builds of tiny entry modules, minified, with the .wasm bytes embedded as the packages ship
// them. Prints raw and gzip sizes. Usage: node tools/bundle-size/measure.mjs
import { gzipSync } from 'node:zlib';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entries = {
  '@equikit/o3 (SphericalHarmonics)': "import { SphericalHarmonics } from '@equikit/o3'; globalThis.out = new SphericalHarmonics(4).compute(new Float64Array([1, 2, 3]));",
  '@equikit/neighbors (neighborList)': "import { neighborList } from '@equikit/neighbors'; globalThis.out = neighborList;",
  '@equikit/density (SphericalExpansion)': "import { SphericalExpansion } from '@equikit/density'; globalThis.out = SphericalExpansion;",
  '@equikit/correlations (PowerSpectrum)': "import { PowerSpectrum } from '@equikit/correlations'; globalThis.out = PowerSpectrum;",
  '@equikit/models (LinearPotential)': "import { LinearPotential } from '@equikit/models'; globalThis.out = LinearPotential;",
  'equikit (the whole facade)': "import * as equikit from 'equikit'; globalThis.out = equikit;",
};

// inside the repository, so that the workspace packages resolve
const dir = fileURLToPath(new URL('./.entries', import.meta.url));
mkdirSync(dir, { recursive: true });
console.log('| import | minified | gzip |\n|---|---|---|');
for (const [name, code] of Object.entries(entries)) {
  const entry = join(dir, `${name.replace(/\W+/g, '_')}.js`);
  writeFileSync(entry, code);
  const result = await build({
    root,
    logLevel: 'silent',
    configFile: false,
    build: { write: false, minify: true, target: 'es2022', lib: { entry, formats: ['es'], fileName: 'bundle' }, rolldownOptions: { external: [/^node:/] } },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
  const bytes = outputs.reduce((sum, o) => sum + (o.type === 'chunk' ? Buffer.byteLength(o.code) : o.source.length), 0);
  const gzip = outputs.reduce((sum, o) => sum + gzipSync(o.type === 'chunk' ? o.code : Buffer.from(o.source)).length, 0);
  console.log(`| ${name} | ${(bytes / 1024).toFixed(0)} kB | ${(gzip / 1024).toFixed(0)} kB |`);
}
rmSync(dir, { recursive: true, force: true });
