// `npm run test:resilience`: the resilience harness (test-support/resilience), its own suite, never part of the
// ordinary `vitest run` (vitest.config.ts does not include test-support). One file, one process: it owns the
// machine's cores while it measures.
import { defineConfig } from 'vitest/config';
import base from './vitest.config';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test-support/resilience/**/*.test.ts'],
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
