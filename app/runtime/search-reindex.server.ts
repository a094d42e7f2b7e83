/**
 * The reindex command, shared by `npm run search:reindex` (scripts/, tsx) and `node server.js search-reindex`
 * (the built bundle: what an app instance on AWS has, like `node server.js migrate`).
 *
 *  - SEARCH_BACKEND=opensearch: rebuilds here, from the database into a new index, then moves the alias.
 *  - SEARCH_BACKEND=embedded: the index lives in the running server's primary process, so this asks it (a
 *    request file in DATA_DIR) and waits for its answer. The server also rebuilds it at every start.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type { Env } from '~/config/env.server';
import { closePlatform, createPlatform } from '~/platform.server';
import {
  rebuildSearchIndex,
  reindexRequestFile,
  reindexResultFile,
  reindexResultSchema,
} from '~/services/search-reindex.server';

/** Returns the line to print; throws with a message for the operator. */
export async function runSearchReindex(env: Env, options: { timeoutSeconds?: number } = {}): Promise<string> {
  if (env.SEARCH_BACKEND === 'embedded') return askTheServer(env.dataDir, options.timeoutSeconds ?? 300);
  const platform = createPlatform(env);
  try {
    const result = await rebuildSearchIndex(platform);
    return `search index rebuilt: ${result.indexed} employees in ${result.ms} ms`;
  } finally {
    await closePlatform(platform);
  }
}

async function askTheServer(dataDir: string, timeoutSeconds: number): Promise<string> {
  const requestId = randomUUID();
  await fs.mkdir(dataDir, { recursive: true });
  await fs.writeFile(reindexRequestFile(dataDir), JSON.stringify({ requestId }));
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (Date.now() < deadline) {
    const text = await fs.readFile(reindexResultFile(dataDir), 'utf8').catch(() => null);
    const result = text ? reindexResultSchema.safeParse(JSON.parse(text)) : null;
    if (result?.success && result.data.requestId === requestId) {
      if (result.data.error) throw new Error(`the server could not rebuild the index: ${result.data.error}`);
      return `search index rebuilt by the server: ${result.data.indexed} employees in ${result.data.ms} ms`;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await fs.rm(reindexRequestFile(dataDir), { force: true });
  throw new Error(
    `no server answered in ${timeoutSeconds} s (is it running with DATA_DIR=${dataDir}?). ` +
      'The embedded index is rebuilt from the database at every server start anyway.',
  );
}
