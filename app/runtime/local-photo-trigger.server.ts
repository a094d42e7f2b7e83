/**
 * The local S3 -> Lambda trigger: s3rver's object-created events, normalised to what real S3 sends
 * (URL-encoded keys), go to the photo function's own logic in this process. Like Lambda's asynchronous
 * invocation, a transient failure is retried twice with a delay.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { processS3Event, normaliseS3rverEvent } from '../../functions/photo-processor/index';
import type { Emulators } from '~/local/emulators.server';
import type { Logger } from '~/lib/logger.server';

export interface LocalPhotoTriggerDeps {
  s3: S3Client;
  dynamo: DynamoDBDocumentClient;
  tableName: string;
  log: Logger;
}

const RETRY_DELAYS_MS = [1_000, 2_000];

export function startLocalPhotoTrigger(emulators: Emulators, deps: LocalPhotoTriggerDeps): void {
  const processorDeps = {
    s3: deps.s3,
    table: { db: deps.dynamo, tableName: deps.tableName },
    log: (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) =>
      deps.log[level](message, fields),
  };
  emulators.onS3Event((rawEvent) => {
    if (!rawEvent.Records.some((record) => record.eventName.startsWith('ObjectCreated'))) return;
    const event = normaliseS3rverEvent(rawEvent);
    void (async () => {
      for (let attempt = 0; ; attempt += 1) {
        try {
          await processS3Event(event, processorDeps);
          return;
        } catch (error) {
          if (attempt >= RETRY_DELAYS_MS.length) {
            deps.log.error('photo processing gave up after retries', { error });
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
        }
      }
    })();
  });
}
