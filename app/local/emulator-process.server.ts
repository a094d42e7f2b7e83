/**
 * One emulator as its own process, as the stores are on AWS: something an operator (or the resilience harness)
 * can kill and start again while the server keeps running. The server is pointed at it with DYNAMODB_ENDPOINT
 * and S3_ENDPOINT (both set: the primary then starts no emulators of its own). Each listens on the port of its
 * endpoint, so a restart comes back where the server expects it, and keeps its data under DATA_DIR/emulators.
 *
 * The S3 process also runs the photo function on its object-created events, as S3 invokes the Lambda on AWS:
 * the trigger lives with the store that fires it, not in the web server.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Env } from '~/config/env.server';
import { startDynamoDbEmulator, startS3Emulator } from '@shared/local/emulators';
import { ensureLocalMetadataTable } from '@shared/local/metadata-table';
import { createLogger } from '@shared/logger';
import { startLocalPhotoFunction } from './photo-function.server';

export type EmulatorKind = 'dynamodb' | 's3';

export interface RunningEmulator {
  endpoint: string;
  stop(): Promise<void>;
}

function portOf(endpoint: string | undefined, variable: string): number {
  if (!endpoint) throw new Error(`${variable} must be set: the emulator listens on its port`);
  const url = new URL(endpoint);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
    throw new Error(`${variable} must name a loopback address: the emulators serve this machine only`);
  }
  return Number(url.port);
}

const S3RVER_OBJECT = '._S3rver_object';
const S3RVER_METADATA = '._S3rver_metadata.json';

/**
 * s3rver writes an object's bytes and its metadata as two files; killed between the two, or while writing the
 * metadata, it leaves an object it can neither serve nor list (every ListObjects of the bucket then fails with
 * InternalError). S3 never stores a PUT that did not complete, so neither do we: such a torn object (bytes
 * without metadata, or metadata that is not whole JSON) is removed before s3rver starts. Found by the resilience
 * harness (`kill -9` of the S3 process under upload load; both kinds seen).
 */
export function removeTornS3rverObjects(directory: string): string[] {
  const removed: string[] = [];
  if (!fs.existsSync(directory)) return removed;
  for (const entry of fs.readdirSync(directory, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(S3RVER_OBJECT)) continue;
    const base = path.join(entry.parentPath, entry.name.slice(0, -S3RVER_OBJECT.length));
    if (hasWholeMetadata(base + S3RVER_METADATA)) continue;
    for (const suffix of [S3RVER_OBJECT, `${S3RVER_OBJECT}.md5`, S3RVER_METADATA])
      fs.rmSync(base + suffix, { force: true });
    removed.push(path.relative(directory, base));
  }
  return removed;
}

function hasWholeMetadata(file: string): boolean {
  try {
    JSON.parse(fs.readFileSync(file, 'utf8'));
    return true;
  } catch {
    return false;
  }
}

export async function runEmulatorProcess(kind: EmulatorKind, env: Env): Promise<RunningEmulator> {
  const directory = path.join(env.dataDir, 'emulators');
  if (kind === 'dynamodb') {
    const dynamo = await startDynamoDbEmulator({ directory, port: portOf(env.DYNAMODB_ENDPOINT, 'DYNAMODB_ENDPOINT') });
    await ensureLocalMetadataTable({
      region: env.AWS_REGION,
      endpoint: dynamo.endpoint,
      tableName: env.DYNAMODB_TABLE,
    });
    return dynamo;
  }
  const log = createLogger({ level: env.LOG_LEVEL, base: { component: 's3-emulator' } });
  const torn = removeTornS3rverObjects(path.join(directory, 's3'));
  if (torn.length > 0) log.warn('removed objects whose upload was cut short', { count: torn.length });
  const s3 = await startS3Emulator({
    directory,
    port: portOf(env.S3_ENDPOINT, 'S3_ENDPOINT'),
    buckets: [env.PHOTO_BUCKET],
  });
  if (!env.DYNAMODB_ENDPOINT)
    throw new Error('DYNAMODB_ENDPOINT must be set: the photo function records its results there');
  // The photo function runs in a process of its own (photo-runner.server.ts), never on s3rver's event loop.
  const photoFunction = startLocalPhotoFunction(s3, env, {
    endpoints: { s3: s3.endpoint, dynamodb: env.DYNAMODB_ENDPOINT },
    apart: true,
  });
  return {
    endpoint: s3.endpoint,
    async stop() {
      await photoFunction.stop();
      await s3.stop();
    },
  };
}
