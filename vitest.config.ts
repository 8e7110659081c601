import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Fails the run when a test leaves a process running or a file in the checkout.
    globalSetup: ['test-support/leak-check.ts'],
    projects: [
      { extends: true, test: { name: 'suite', include: ['tests/**/*.test.ts'], exclude: ['tests/**/*.load.test.ts'], sequence: { groupOrder: 0 } } },
      // A load test measures deadlines, which only means something with the machine to itself:
      // it runs after everything else, alone.
      { extends: true, test: { name: 'load', include: ['tests/**/*.load.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
