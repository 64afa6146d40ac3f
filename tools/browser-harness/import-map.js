// Builds a browser import map for the workspace packages from their package.json
// `exports`, so a page imports `@equikit/core` (and subpaths such as
// `@equikit/o3/o3.simd.wasm`) exactly as a bundler-free user would.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

function importTarget(entry) {
  if (typeof entry === 'string') return entry;
  if (entry && typeof entry === 'object') return entry.browser ?? entry.import ?? entry.default;
  return undefined;
}

/**
 * @param repoRoot  the monorepo root (served as the server's root)
 * @param folders  workspace folders holding packages, relative to repoRoot
 * @returns { imports: { [specifier]: urlPath } }
 */
export function workspaceImportMap(repoRoot, folders = ['packages']) {
  const imports = {};
  for (const folder of folders) {
    const dir = join(repoRoot, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const manifestPath = join(dir, name, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      const exportsMap = typeof manifest.exports === 'string' ? { '.': manifest.exports } : manifest.exports ?? {};
      for (const [subpath, entry] of Object.entries(exportsMap)) {
        const target = importTarget(entry);
        if (subpath === './package.json' || typeof target !== 'string') continue;
        const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.replace(/^\.\//, '')}`;
        imports[specifier] = `/${folder}/${name}/${target.replace(/^\.\//, '')}`;
      }
    }
  }
  return { imports };
}
