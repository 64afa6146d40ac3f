import { SphericalExpansion } from '../dist/index.js';
import { fccCopper } from './systems.js';
const s = fccCopper();
const calc = new SphericalExpansion({ cutoff: { radius: 5, smoothing: { type: 'shifted-cosine', width: 0.5 } }, density: { type: 'gaussian', width: 0.3 }, basis: { maxAngular: 6, radial: { type: 'gto', maxRadial: 8 }, splineAccuracy: 0 } });
const times = [];
for (let k = 0; k < 3; k++) { const t0 = performance.now(); calc.computeDense(s); times.push((performance.now() - t0) * 1000 / 4000); }
console.log('exact', times.map((t) => t.toFixed(0)).join(' '), 'µs/atom');
