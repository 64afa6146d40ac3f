// deno run --allow-read src/deno.js [file.xyz]
// Deno compiles the embedded WebAssembly itself; nothing to initialise.
import { fitAndPredict, report } from './fit-and-predict.js';

const path = Deno.args[0] ?? new URL('../../../packages/equikit/examples/si-mlearn-test.xyz', import.meta.url);
const result = await fitAndPredict(await Deno.readTextFile(path));
console.log(report(`deno ${Deno.version.deno}`, result));
