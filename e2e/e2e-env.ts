/** The one place that says where the e2e server runs and how it is configured (shared by config and fixtures). */
import path from 'node:path';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3219);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_DATA_DIR = path.resolve(process.env.E2E_DATA_DIR ?? '.tmp/e2e-data');
/** Small, so that the over-the-cap test sends a few megabytes rather than sixteen. */
export const E2E_PHOTO_MAX_BYTES = 2 * 1024 * 1024;
/** Enough for the directory to span more than one page (24 per page). */
export const E2E_SEED_COUNT = 40;

export const E2E_SERVER_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  APP_ENV: 'local',
  HOST: '127.0.0.1',
  DATA_DIR: E2E_DATA_DIR,
  WEB_CONCURRENCY: '2',
  SEED_DEMO_DATA: 'true',
  DEMO_EMPLOYEE_COUNT: String(E2E_SEED_COUNT),
  // As on AWS, an upload is processed a moment later, so the suites always see (and follow) "processing".
  LOCAL_PHOTO_TRIGGER_DELAY_MS: '1500',
  PHOTO_MAX_BYTES: String(E2E_PHOTO_MAX_BYTES),
  ALLOWED_EMAIL_DOMAINS: 'xyz.example',
  LOG_LEVEL: 'warn',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_EC2_METADATA_DISABLED: 'true',
  VITE_CJS_IGNORE_WARNING: 'true',
};
