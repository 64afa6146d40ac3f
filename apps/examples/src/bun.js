// bun src/bun.js [file.xyz]
import { fitAndPredict, report } from './fit-and-predict.js';

const path = Bun.argv[2] ?? new URL('../../../packages/equikit/examples/si-mlearn-test.xyz', import.meta.url).pathname;
const result = await fitAndPredict(await Bun.file(path).text());
console.log(report(`bun ${Bun.version}`, result));
