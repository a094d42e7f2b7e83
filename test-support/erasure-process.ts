/**
 * A process that runs one erasure and stops dead after a given step: it prints `after <step>` and then waits
 * forever, for its test to `kill -9` it (app/services/erasure/erasure-job.server.test.ts). Its stores are the test's:
 * the SQLite file and the emulators' endpoints come in through the environment.
 *
 *   tsx test-support/erasure-process.ts <sqlite file> <erasure id> <step> <lease ms>
 */
import path from 'node:path';
import { z } from 'zod';
import { parseEnv } from '~/config/env.server';
import { createPlatform } from '~/platform.server';
import { openDatabase } from '~/db/database.server';
import { runErasure } from '~/services/erasure.server';
import { fileSuppressionList } from '@shared/mail/suppression-list';

const [sqliteFile, erasureId, stopAfter, leaseMs] = z
  .tuple([z.string().min(1), z.string().uuid(), z.string().min(1), z.coerce.number().int().positive()])
  .parse(process.argv.slice(2));

const env = parseEnv({ ...process.env, APP_ENV: 'local', NODE_ENV: 'test' });
const platform = createPlatform(env, { db: openDatabase({ sqliteFile }) });
const mailDirectory = path.join(env.dataDir, 'mail');
await runErasure(platform, erasureId, {
  leaseMs,
  ports: { faceCollection: null, suppressionList: fileSuppressionList(mailDirectory), mailDirectory },
  async afterStep(name) {
    if (name !== stopAfter) return;
    console.log(`after ${name}`);
    await new Promise(() => {});
  },
});
console.log('finished without stopping');
