/**
 * The QA suites run in Debian's Chromium against the production build, started by `webServer` on a fresh
 * data directory and a spare port, with a small demo seed. The JSON report (test-results/e2e.json) is what
 * the CI summary counts.
 */
import { defineConfig, devices } from '@playwright/test';
import { E2E_BASE_URL, E2E_DATA_DIR, E2E_PORT, E2E_SERVER_ENV } from './e2e/e2e-env';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e-artifacts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: {
    timeout: 10_000,
    // Visual snapshots (e2e/visual.spec.ts): a pixel counts as changed past a small colour distance (anti-aliasing
    // noise stays under it), and a page fails once more than 0.1% of its pixels changed. 1% let a whole form
    // moving sideways on /me through (0.57% of that tall page); fresh runs on this machine differ by 0 pixels.
    toHaveScreenshot: { threshold: 0.2, maxDiffPixelRatio: 0.001, animations: 'disabled', caret: 'hide' },
  },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    ...devices['Desktop Chrome'],
    baseURL: E2E_BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--disable-dev-shm-usage',
      ],
    },
  },
  webServer: {
    // A fresh data directory every run: the suites' counts and the seed start from a known state.
    command: `rm -rf "${E2E_DATA_DIR}" && node_modules/.bin/remix build && node server.js; echo "e2e server exited with $?" >&2`,
    url: `${E2E_BASE_URL}/readyz`,
    // DATABASE_URL emptied: the suites run on the embedded default even when CI has a MariaDB for other suites.
    env: { ...(process.env as Record<string, string>), ...E2E_SERVER_ENV, DATABASE_URL: '', PORT: String(E2E_PORT) },
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: process.env.E2E_SERVER_LOG ? 'pipe' : 'ignore',
    stderr: 'pipe',
  },
});
