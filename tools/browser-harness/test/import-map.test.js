import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceImportMap } from '../import-map.js';

function fakeRepo(packages) {
  const root = mkdtempSync(join(tmpdir(), 'smoke-map-'));
  for (const [folder, manifest] of Object.entries(packages)) {
    mkdirSync(join(root, 'packages', folder), { recursive: true });
    writeFileSync(join(root, 'packages', folder, 'package.json'), JSON.stringify(manifest));
  }
  mkdirSync(join(root, 'packages', 'no-manifest'));
  return root;
}

describe('workspaceImportMap', () => {
  it('maps each package and subpath export to its file, following import conditions', () => {
    const root = fakeRepo({
      kern: {
        name: '@equikit/kern',
        exports: {
          '.': { types: './dist/index.d.ts', import: './dist/index.js' },
          './kern.simd.wasm': './dist/kern.simd.wasm',
          './package.json': './package.json',
        },
      },
      facade: { name: 'equikit', exports: './dist/main.js' },
      browsery: { name: '@equikit/browsery', exports: { '.': { browser: './dist/browser.js', import: './dist/node.js' } } },
    });
    expect(workspaceImportMap(root)).toEqual({
      imports: {
        '@equikit/kern': '/packages/kern/dist/index.js',
        '@equikit/kern/kern.simd.wasm': '/packages/kern/dist/kern.simd.wasm',
        equikit: '/packages/facade/dist/main.js',
        '@equikit/browsery': '/packages/browsery/dist/browser.js',
      },
    });
  });
  it('maps the real workspace: core and the wasm subpaths of the kernel packages', () => {
    const repoRoot = new URL('../../..', import.meta.url).pathname;
    const { imports } = workspaceImportMap(repoRoot);
    expect(imports['@equikit/core']).toBe('/packages/core/dist/index.js');
    expect(imports['@equikit/neighbors/neighbors.simd.wasm']).toBe('/packages/neighbors/dist/neighbors.simd.wasm');
  });
});
