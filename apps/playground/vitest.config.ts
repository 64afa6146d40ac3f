import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // the end-to-end test starts Chromium and drives the built page
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
