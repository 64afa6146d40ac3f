// A Cloudflare-Workers-style module: POST a structure as JSON
//   { positions: [...], numbers: [...], cell?: [...], pbc?: ... }
// and get { energy, forces, stress } back. Workers forbid compiling WebAssembly from bytes at run
// time, so the .wasm files are bound as precompiled WebAssembly.Module objects (in a real Worker:
// `import densityWasm from '@equikit/density/density.simd.wasm'`) and handed to each package's
// init({ wasm }). The model is a LinearPotential's JSON, bound as text (env.MODEL).
import { init as initNeighbors } from '@equikit/neighbors';
import { init as initO3 } from '@equikit/o3';
import { init as initDensity } from '@equikit/density';
import { init as initCorrelations } from '@equikit/correlations';
import { init as initModels, LinearPotential } from '@equikit/models';

let ready;

/** Loads every package from the bound modules, once per isolate. */
function setUp(env) {
  ready ??= (async () => {
    const m = env.WASM;
    await Promise.all([
      initNeighbors({ wasm: m.neighbors }),
      initO3({ wasm: m.o3 }),
      initDensity({ wasm: m.density }),
      initCorrelations({ wasm: m.correlations }),
      initModels({ wasm: m.models }),
    ]);
    return LinearPotential.fromJSON(env.MODEL);
  })();
  return ready;
}

function json(body, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export default {
  async fetch(request, env) {
    if (request.method !== 'POST') return json({ error: 'POST a structure: { positions, numbers, cell?, pbc? }' }, 405);
    let model;
    try {
      model = await setUp(env);
    } catch (error) {
      ready = undefined;
      return json({ error: `set-up failed: ${error.message}` }, 500);
    }
    let structure;
    try {
      structure = await request.json();
    } catch {
      return json({ error: 'the body must be JSON' }, 400);
    }
    try {
      const p = model.predict(structure);
      return json({ energy: p.energy, forces: Array.from(p.forces), stress: p.stress ? Array.from(p.stress) : null });
    } catch (error) {
      // bad input (wrong lengths, unknown species) is the client's error, said in one line
      return json({ error: error.message }, 400);
    }
  },
};
