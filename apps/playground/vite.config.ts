import { defineConfig } from 'vite';

export default defineConfig({
  // relative URLs: dist/ works from any folder or static host, and from file-less test servers
  base: './',
  resolve: {
    // 3Dmol's package "main" is an unminified UMD build with inline source maps; its ES module
    // build is the same library, already minified, and bundles cleanly.
    alias: [{ find: /^3dmol$/, replacement: '3dmol/build/3Dmol.es6-min.js' }],
  },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // 3Dmol.js alone is ~540 kB minified; say so once instead of warning on every build
    chunkSizeWarningLimit: 800,
    reportCompressedSize: true,
  },
});
