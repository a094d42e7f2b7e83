/**
 * `npm run search:reindex`: rebuilds the directory's search index from the database with zero downtime
 * (app/runtime/search-reindex.server.ts says how, per SEARCH_BACKEND). On an app instance, where the bundle
 * but not tsx is installed, the same command is `node server.js search-reindex`.
 *
 * Options: --timeout-seconds=N (default 300): how long to wait for a running server (embedded index).
 */
import { z } from 'zod';
import { getEnv, EnvError } from '~/config/env.server';
import { runSearchReindex } from '~/runtime/search-reindex.server';

const argsSchema = z.object({ timeoutSeconds: z.coerce.number().int().min(1).max(3600).default(300) });

try {
  const timeout = process.argv
    .slice(2)
    .map((arg) => /^--timeout-seconds=(.*)$/.exec(arg)?.[1])
    .find(Boolean);
  const args = argsSchema.parse({ timeoutSeconds: timeout });
  console.log(await runSearchReindex(getEnv(), args));
} catch (error) {
  console.error(error instanceof EnvError || error instanceof Error ? error.message : error);
  process.exit(1);
}
