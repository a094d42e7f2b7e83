import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: {
    alias: {
      '~': fileURLToPath(new URL('./app', import.meta.url)),
      '@shared': fileURLToPath(new URL('./functions/shared', import.meta.url)),
      '@test-support': fileURLToPath(new URL('./test-support', import.meta.url)),
    },
  },
  test: {
    include: ['app/**/*.test.ts', 'functions/**/*.test.ts', 'scripts/**/*.test.ts', 'cloudformation/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites start their own emulators and databases; two cores are shared, so keep files in few workers.
    maxWorkers: 2,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  },
});
