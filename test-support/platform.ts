/**
 * A whole platform for a test: a fresh database (SQLite or MariaDB), in-memory dynalite and s3rver with the
 * photo function wired to S3 events as in the local runtime, and the notification recorder.
 */
import fs from 'node:fs';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from '~/config/env.server';
import { createPlatform, closePlatform, type Platform } from '~/platform.server';
import { openDatabase } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { startLocalServices } from '~/local/local-services.server';
import { createLogger, type Logger } from '@shared/logger';
import { createTestDatabase, type TestDialect } from './databases';

export interface TestPlatform extends Platform {
  logLines: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startTestPlatform(
  options: { dialect?: TestDialect; photoTrigger?: boolean; env?: Record<string, string> } = {},
): Promise<TestPlatform> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'employees-platform-'));
  const database = await createTestDatabase(options.dialect ?? 'sqlite');
  const env = parseEnv({
    APP_ENV: 'local',
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DYNAMODB_TABLE: 'test-metadata',
    PHOTO_BUCKET: 'test-photos',
    ...options.env,
  });
  const local = await startLocalServices(env, { persistent: false, photoTrigger: options.photoTrigger ?? true });
  const logLines: Array<Record<string, unknown>> = [];
  const log: Logger = createLogger({ level: 'debug', write: (line) => logLines.push(JSON.parse(line)) });
  const platform = createPlatform(local.env, { ownEmulators: local.emulators, log, db: openDatabase(database.config) });
  await migrateDatabase(platform.db.sequelize);
  return Object.assign(platform, {
    logLines,
    async close() {
      await closePlatform(platform);
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** The keys under a prefix of the test platform's bucket, sorted. */
export async function keysUnder(platform: Platform, prefix: string): Promise<string[]> {
  const listed = await platform.s3.send(new ListObjectsV2Command({ Bucket: platform.bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((object) => object.Key!).sort();
}
