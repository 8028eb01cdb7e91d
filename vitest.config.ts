import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // Two cores: run test files one per core and keep the suite predictable.
    maxWorkers: 2,
  },
});
