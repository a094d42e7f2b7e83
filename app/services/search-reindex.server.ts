/**
 * Rebuilding the search index from the database (zero downtime: SearchIndex.rebuild fills a new index and
 * swaps it in). The embedded index lives in a running server's primary process, so `npm run
 * search:reindex` asks that process through a request file in DATA_DIR, and the primary answers with a
 * result file; against OpenSearch the command rebuilds directly (from any machine that reaches the
 * database and the domain, e.g. an app instance on AWS).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { streamSearchDocuments } from '~/models/search-projection.server';
import { readCustomFieldsVersion } from '~/models/custom-field-store.server';
import type { Platform } from '~/platform.server';

export async function rebuildSearchIndex(
  platform: Pick<Platform, 'db' | 'search'> & Partial<Pick<Platform, 'fieldDefinitions'>>,
): Promise<{ indexed: number; ms: number }> {
  const started = Date.now();
  // Read before the rebuild reads the definitions, so that the stamp is never newer than what the index holds.
  const definitionsVersion = await readCustomFieldsVersion(platform.db);
  const { indexed } = await platform.search.rebuild(
    streamSearchDocuments(platform.db, { builtIn: platform.fieldDefinitions }),
    { definitionsVersion },
  );
  return { indexed, ms: Date.now() - started };
}

export const reindexRequestFile = (dataDir: string) => path.join(dataDir, 'search-reindex.request');
export const reindexResultFile = (dataDir: string) => path.join(dataDir, 'search-reindex.result.json');

const requestSchema = z.object({ requestId: z.string().uuid() });
export const reindexResultSchema = z.object({
  requestId: z.string().uuid(),
  indexed: z.number().int().nullable(),
  ms: z.number(),
  error: z.string().nullable(),
});
export type ReindexResult = z.infer<typeof reindexResultSchema>;

/**
 * In the primary (embedded index): looks for a reindex request every `intervalMs`, rebuilds, and writes
 * the result. A malformed request file is removed and logged.
 */
export function watchReindexRequests(
  platform: Pick<Platform, 'db' | 'search' | 'log' | 'env'> & Partial<Pick<Platform, 'fieldDefinitions'>>,
  options: { intervalMs?: number } = {},
): () => void {
  const requestPath = reindexRequestFile(platform.env.dataDir);
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void (async () => {
      let text: string;
      try {
        text = await fs.readFile(requestPath, 'utf8');
      } catch {
        return; // no request
      }
      await fs.rm(requestPath, { force: true });
      let parsed: { requestId: string };
      try {
        parsed = requestSchema.parse(JSON.parse(text));
      } catch {
        platform.log.warn('search reindex request ignored: malformed', { file: requestPath });
        return;
      }
      const result: ReindexResult = { requestId: parsed.requestId, indexed: null, ms: 0, error: null };
      try {
        Object.assign(result, await rebuildSearchIndex(platform));
        platform.log.info('search index rebuilt on request', { indexed: result.indexed, ms: result.ms });
      } catch (error) {
        result.error = error instanceof Error ? error.message : String(error);
        platform.log.error('search reindex failed', { error });
      }
      const resultPath = reindexResultFile(platform.env.dataDir);
      await fs.writeFile(`${resultPath}.tmp`, JSON.stringify(result));
      await fs.rename(`${resultPath}.tmp`, resultPath);
    })()
      .catch((error: unknown) => platform.log.error('search reindex watcher failed', { error }))
      .finally(() => {
        busy = false;
      });
  }, options.intervalMs ?? 1_000);
  timer.unref();
  return () => clearInterval(timer);
}
