/**
 * The platform: configuration, the database, the AWS clients and the notification publisher, created once
 * per process. Routes and services receive it; nothing below it reads process.env.
 *
 * Locally (APP_ENV=local) the S3 and DynamoDB endpoints point at the emulators that the primary process
 * started (see app/runtime/primary.server.ts). A lone process with no endpoints set (a script, a test)
 * starts its own emulators.
 */
import path from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { getEnv, mailTransportOf, type Env } from '~/config/env.server';
import { openDatabase, checkDatabase, closeDatabase, type Database } from '~/db/database.server';
import { databaseConfigFromEnv } from '~/db/connection.server';
import { createDocumentClient, createS3Client, createSnsClient } from '@shared/aws-clients';
import { snsPublisher, type Publisher } from '~/services/notifications.server';
import { recordingPublisher } from '~/local/recording-publisher.server';
import type { Mailer } from '@shared/mail/mailer';
import { createSesClient, sesMailer } from '@shared/mail/ses-mailer';
import { fileMailer } from '@shared/mail/file-mailer';
import { createLogger, type Logger } from '@shared/logger';
import type { Emulators } from '@shared/local/emulators';
import { createSearchIndex } from '~/search/create-search-index.server';
import type { SearchIndex } from '~/search/search-index.server';
import type { VerificationEngine } from '~/workflow/verification-engine.server';
import { createVerificationEngine } from '~/workflow/create-verification-engine.server';
import { BUILT_IN_FIELD_DEFINITIONS, type FieldDefinitions } from '~/models/field-definitions';
import type { CustomFieldDefinitions } from '~/models/custom-fields';
import { refreshCustomFields } from '~/services/custom-field-cache.server';

export interface Platform {
  env: Env;
  db: Database;
  dynamo: DynamoDBDocumentClient;
  s3: S3Client;
  tableName: string;
  bucket: string;
  publisher: Publisher;
  /** Personal notices to one employee: SES on AWS, `.eml` files under DATA_DIR/mail locally. */
  mailer: Mailer;
  log: Logger;
  /** The directory's search index (app/search; in an HTTP worker, a client of the primary's index). */
  search: SearchIndex;
  /** The verification workflow's engine (decision 010): Step Functions on AWS, in-process locally (decision 011). */
  workflow: VerificationEngine;
  /**
   * The profile's field definitions every reader is gated by (app/services/field-gate.server.ts): the built-in
   * fields today; fields HR defines will be read into it (docs/decisions/322-one-gate-for-fields.md).
   */
  fieldDefinitions: FieldDefinitions;
  /**
   * The fields HR defines, retired ones included (app/models/custom-fields.ts), gated by the same visibilities:
   * re-read from the database whenever their version changed, checked on each getPlatform() (a request).
   */
  customFields: CustomFieldDefinitions;
  customFieldsVersion: number;
  /** Emulators this process started itself (scripts, tests); closed with the platform. */
  ownEmulators?: Emulators;
}

export function createPlatform(
  env: Env,
  options: {
    ownEmulators?: Emulators;
    log?: Logger;
    db?: Database;
    search?: SearchIndex;
    workflow?: VerificationEngine;
  } = {},
): Platform {
  const region = env.AWS_REGION;
  const log = options.log ?? createLogger({ level: env.LOG_LEVEL });
  const db =
    options.db ??
    openDatabase({
      ...databaseConfigFromEnv(env),
      onLockRetry: (event) => log.warn('database lock conflict, retrying', { ...event }),
    });
  const publisher = env.NOTIFICATIONS_TOPIC_ARN
    ? snsPublisher(createSnsClient({ region, endpoint: env.SNS_ENDPOINT, settings: env }), env.NOTIFICATIONS_TOPIC_ARN)
    : recordingPublisher(db);
  return {
    env,
    db,
    mailer: createMailer(env),
    dynamo: createDocumentClient({ region, endpoint: env.DYNAMODB_ENDPOINT, settings: env }),
    s3: createS3Client({ region, endpoint: env.S3_ENDPOINT, settings: env }),
    tableName: env.DYNAMODB_TABLE,
    bucket: env.PHOTO_BUCKET,
    publisher,
    log,
    search: options.search ?? createSearchIndex(env),
    workflow: options.workflow ?? createVerificationEngine(env, { db, log }),
    fieldDefinitions: BUILT_IN_FIELD_DEFINITIONS,
    customFields: [],
    customFieldsVersion: -1,
    ownEmulators: options.ownEmulators,
  };
}

/** The sender when none is configured (local mode only: SES needs MAIL_FROM_ADDRESS, checked by the env). */
const LOCAL_FROM_ADDRESS = 'no-reply@xyz.example';

function createMailer(env: Env): Mailer {
  const from = { name: env.MAIL_FROM_NAME, address: env.MAIL_FROM_ADDRESS ?? LOCAL_FROM_ADDRESS };
  if (mailTransportOf(env) === 'file') return fileMailer({ directory: path.join(env.dataDir, 'mail'), from });
  const client = createSesClient({ region: env.AWS_REGION, endpoint: env.SES_ENDPOINT, settings: env });
  return sesMailer(client, { region: env.AWS_REGION, from, configurationSet: env.SES_CONFIGURATION_SET });
}

let current: Promise<Platform> | undefined;

/**
 * This process's platform, created on first use, with the fields HR defines as the database holds them now: each
 * request that asks for the platform checks their version (docs/decisions/023-hr-defined-field-storage.md).
 */
export async function getPlatform(): Promise<Platform> {
  current ??= startPlatform(getEnv());
  const platform = await current;
  await refreshCustomFields(platform);
  return platform;
}

async function startPlatform(env: Env): Promise<Platform> {
  if (env.APP_ENV === 'local' && (!env.DYNAMODB_ENDPOINT || !env.S3_ENDPOINT)) {
    const { startLocalServices } = await import('~/local/local-services.server');
    const { env: localEnv, emulators } = await startLocalServices(env);
    return createPlatform(localEnv, { ownEmulators: emulators });
  }
  return createPlatform(env);
}

export type Dependency = 'database' | 'dynamodb' | 's3';

/**
 * Readiness: each dependency answers a cheap call; the first that fails is named. The search index is
 * reported but does not fail readiness: without it the directory falls back to the SQL search, and taking
 * every instance out of the load balancer for it would turn a slower directory into an outage.
 */
export async function checkReadiness(
  platform: Platform,
): Promise<{ ok: true; search: SearchState } | { ok: false; failed: Dependency; error: string }> {
  const checks: Array<[Dependency, () => Promise<unknown>]> = [
    ['database', () => checkDatabase(platform.db)],
    ['dynamodb', () => platform.dynamo.send(new DescribeTableCommand({ TableName: platform.tableName }))],
    ['s3', () => platform.s3.send(new HeadBucketCommand({ Bucket: platform.bucket }))],
  ];
  for (const [name, check] of checks) {
    try {
      await withTimeout(check(), 2000);
    } catch (error) {
      return { ok: false, failed: name, error: (error as Error).name || String(error) };
    }
  }
  const searchReady = await withTimeout(platform.search.ping(), 2000).catch(() => false);
  return { ok: true, search: searchReady ? 'ready' : 'unavailable' };
}

export type SearchState = 'ready' | 'unavailable';

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]);
}

export async function closePlatform(platform: Platform): Promise<void> {
  // First: the engine's running steps still use the database and the stores.
  await platform.workflow.close();
  await platform.search.close();
  await closeDatabase(platform.db);
  platform.dynamo.destroy();
  platform.s3.destroy();
  await platform.ownEmulators?.stop();
}

/** Ends this process's platform (graceful shutdown). */
export async function shutdownPlatform(): Promise<void> {
  if (!current) return;
  const platform = await current;
  current = undefined;
  await closePlatform(platform);
}
