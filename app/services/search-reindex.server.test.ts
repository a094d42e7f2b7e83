/**
 * `npm run search:reindex` against the embedded index: the server's primary picks up the request file,
 * rebuilds from the database behind the live index, and answers with a result file the command waits for.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '@test-support/auth-database';
import { createLogger } from '@shared/logger';
import type { Database } from '~/db/database.server';
import { insertEmployee } from '~/models/employee.server';
import { EmbeddedSearchIndex } from '~/search/embedded-search-index.server';
import type { Env } from '~/config/env.server';
import {
  reindexRequestFile,
  reindexResultFile,
  reindexResultSchema,
  watchReindexRequests,
} from './search-reindex.server';

describe('a reindex requested of the running server', () => {
  let db: Database;
  let close: () => Promise<void>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reindex-'));
  beforeAll(async () => {
    ({ db, close } = await openTestDatabase());
  });
  afterAll(async () => {
    await close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function waitForResult(requestId: string) {
    for (let i = 0; i < 100; i += 1) {
      const text = fs.existsSync(reindexResultFile(dataDir)) ? fs.readFileSync(reindexResultFile(dataDir), 'utf8') : '';
      const parsed = text ? reindexResultSchema.parse(JSON.parse(text)) : null;
      if (parsed?.requestId === requestId) return parsed;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('no result');
  }

  it('rebuilds from the database (rows the index never heard of included) and answers the request', async () => {
    const index = new EmbeddedSearchIndex({ awaitFirstBuild: true });
    const lines: string[] = [];
    const stop = watchReindexRequests(
      { db, search: index, env: { dataDir } as Env, log: createLogger({ write: (line) => lines.push(line) }) },
      { intervalMs: 20 },
    );
    try {
      await insertEmployee(db, {
        firstName: 'Rhiannon',
        lastName: 'Written-Directly',
        preferredName: null,
        workEmail: 'rhiannon@xyz.example',
        workPhone: null,
        jobTitle: 'Archivist',
        department: 'Records',
        managerId: null,
        officeLocation: null,
        startDate: null,
        bio: null,
        personalEmail: null,
        personalPhone: null,
        emergencyContactName: null,
        emergencyContactPhone: null,
        status: 'active',
      });
      const requestId = randomUUID();
      fs.writeFileSync(reindexRequestFile(dataDir), JSON.stringify({ requestId }));
      const result = await waitForResult(requestId);
      expect(result).toMatchObject({ requestId, indexed: 1, error: null });
      expect(fs.existsSync(reindexRequestFile(dataDir))).toBe(false);
      const found = await index.search({ text: 'rhianon', facets: {}, page: 0, pageSize: 24 });
      expect(found.hits.map((hit) => hit.document.lastName)).toEqual(['Written-Directly']);

      // A malformed request is dropped with a log line, not acted on.
      fs.writeFileSync(reindexRequestFile(dataDir), 'not json');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(fs.existsSync(reindexRequestFile(dataDir))).toBe(false);
      expect(lines.some((line) => line.includes('search reindex request ignored'))).toBe(true);
    } finally {
      stop();
    }
  });
});
