// Adds lock entries for optional platform packages that this machine's registry mirror
// does not carry (so `npm install` here drops them and `npm ci` then refuses the lock:
// "Missing: @deno/darwin-arm64@ from lock file"). Each entry carries os/cpu, so npm ci
// on linux-x64 skips it without fetching. Run at the repo root after any npm install:
//   node tools/fix-lock.cjs && npm ci --dry-run
const fs = require('fs');
const PLATFORM = {
  'darwin-arm64': { os: ['darwin'], cpu: ['arm64'] },
  'darwin-x64': { os: ['darwin'], cpu: ['x64'] },
  'darwin-64': { os: ['darwin'], cpu: ['x64'] },
  'linux-arm64-glibc': { os: ['linux'], cpu: ['arm64'], libc: ['glibc'] },
  'linux-x64-glibc': { os: ['linux'], cpu: ['x64'], libc: ['glibc'] },
  'win32-arm64': { os: ['win32'], cpu: ['arm64'] },
  'win32-x64': { os: ['win32'], cpu: ['x64'] },
  'windows-64': { os: ['win32'], cpu: ['x64'] },
  'windows-arm64': { os: ['win32'], cpu: ['arm64'] },
};
const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
const added = [];
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    if (lock.packages[key] || lock.packages[`${path}/node_modules/${dep}`]) continue;
    const platform = PLATFORM[dep.split('/').pop()];
    if (!platform) throw new Error(`${dep}: unknown platform; add it to PLATFORM`);
    lock.packages[key] = { version, ...platform, ...(entry.dev ? { dev: true } : {}), optional: true };
    added.push(`${dep}@${version}`);
  }
}
const [root, ...rest] = Object.keys(lock.packages);
const sorted = { [root]: lock.packages[root] };
for (const key of rest.sort((a, b) => a.localeCompare(b, 'en'))) sorted[key] = lock.packages[key];
lock.packages = sorted;
fs.writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log(added.length ? `added ${added.join(', ')}` : 'nothing missing');
