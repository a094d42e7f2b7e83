/**
 * What server.js needs from the application bundle. Exported through app/entry.server.tsx so that the HTTP
 * server, the routes and the background work share one copy of every module (one database pool, one set of
 * clients) instead of a second bundle.
 */
export { getEnv, parseEnv, EnvError } from '~/config/env.server';
export { getPlatform, checkReadiness, shutdownPlatform } from '~/platform.server';
export { startPrimary, runMigrations } from './primary.server';
export { answerStoreOutagesWith503 } from './store-outage-answers.server';
export { createFrontDoor, DEFAULT_CACHE_CONTROL } from './front-door.server';
export { createBodyLimits } from './body-limits.server';
export { takeTurns } from './request-turns.server';
export { runSearchReindex } from './search-reindex.server';
export { catalogueAsset } from '~/i18n/catalogue-asset.server';
export { createLogger } from '@shared/logger';
export { DEMO_ADMIN, DEMO_EMPLOYEE_PASSWORD } from '~/local/seed.server';
