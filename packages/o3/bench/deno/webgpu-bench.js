import run from '../webgpu-page.js';
const sizes = (Deno.args[0] ?? '100000').split(',').map(Number);
const lMaxes = (Deno.args[1] ?? '4,8,16').split(',').map(Number);
const result = await run({ sizes, lMaxes, reps: 9, styles: ['unrolled', 'loops'] });
console.log(JSON.stringify(result, null, 1));
