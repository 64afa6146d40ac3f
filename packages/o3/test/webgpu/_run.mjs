import { runModuleInChromium } from '@equikit/runtime-smoke/harness';
const lMaxes = JSON.parse(process.argv[2] || '[0,1,2,8]');
const t = Date.now();
const r = await runModuleInChromium({ root: '/work/main', module: 'packages/o3/test/webgpu/explore-page.js', input: { lMaxes, n: 2000, grad: process.argv[3] === 'g' } });
console.log(JSON.stringify(r.value, null, 1), r.console, Date.now() - t);
