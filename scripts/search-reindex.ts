/**
 * `npm run search:reindex`: rebuilds the directory's search index from the database, with zero downtime
 * (SearchIndex.rebuild: a new index is filled while the old one answers, then swapped in).
 *
 *  - SEARCH_BACKEND=opensearch: rebuilds here, from this machine (an app instance on AWS has the database
 *    and the domain in reach and the IAM role for both): a new index, then the alias moved to it.
 *  - SEARCH_BACKEND=embedded (local): the index lives in the running server's primary process, so this
 *    asks that process (a request file in DATA_DIR) and waits for its answer. The server also rebuilds it
 *    from the database at every start.
 *
 * Options: --timeout-seconds=N (default 300) for the embedded server's answer. Same environment as the
 * server (DATA_DIR, DATABASE_URL, OPENSEARCH_*); prints one line with the count and the time taken.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { z } from 'zod';
import { getEnv, EnvError } from '~/config/env.server';
import { closePlatform, createPlatform } from '~/platform.server';
import {
  rebuildSearchIndex,
  reindexRequestFile,
  reindexResultFile,
  reindexResultSchema,
} from '~/services/search-reindex.server';

const args = z.object({ timeoutSeconds: z.coerce.number().int().min(1).max(3600).default(300) }).parse(
  Object.fromEntries(
    process.argv
      .slice(2)
      .map((arg) => /^--timeout-seconds=(.*)$/.exec(arg))
      .filter((match): match is RegExpExecArray => Boolean(match))
      .map((match) => ['timeoutSeconds', match[1]]),
  ),
);

async function askTheServer(dataDir: string): Promise<void> {
  const requestId = randomUUID();
  await fs.mkdir(dataDir, { recursive: true });
  await fs.writeFile(reindexRequestFile(dataDir), JSON.stringify({ requestId }));
  const deadline = Date.now() + args.timeoutSeconds * 1000;
  while (Date.now() < deadline) {
    const text = await fs.readFile(reindexResultFile(dataDir), 'utf8').catch(() => null);
    const result = text ? reindexResultSchema.safeParse(JSON.parse(text)) : null;
    if (result?.success && result.data.requestId === requestId) {
      if (result.data.error) throw new Error(`the server could not rebuild the index: ${result.data.error}`);
      console.log(`search index rebuilt by the server: ${result.data.indexed} employees in ${result.data.ms} ms`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await fs.rm(reindexRequestFile(dataDir), { force: true });
  throw new Error(
    `no server answered in ${args.timeoutSeconds} s (is it running with DATA_DIR=${dataDir}?). ` +
      'The embedded index is rebuilt from the database at every server start anyway.',
  );
}

async function rebuildHere(env: ReturnType<typeof getEnv>): Promise<void> {
  const platform = createPlatform(env);
  try {
    const result = await rebuildSearchIndex(platform);
    console.log(`search index rebuilt: ${result.indexed} employees in ${result.ms} ms`);
  } finally {
    await closePlatform(platform);
  }
}

try {
  const env = getEnv();
  if (env.SEARCH_BACKEND === 'embedded') await askTheServer(env.dataDir);
  else await rebuildHere(env);
} catch (error) {
  console.error(error instanceof EnvError || error instanceof Error ? error.message : error);
  process.exit(1);
}
