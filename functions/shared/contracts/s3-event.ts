/**
 * The S3 event notification that invokes the photo function (S3 → Lambda, eventVersion 2.x),
 * and the one place that decodes its object keys.
 */
import { z } from 'zod';

export const S3EventRecordSchema = z
  .object({
    eventSource: z.literal('aws:s3').optional(),
    eventName: z.string(),
    eventTime: z.string().optional(),
    s3: z.object({
      bucket: z.object({ name: z.string().min(1), arn: z.string().optional() }).passthrough(),
      object: z
        .object({
          /** URL-encoded, spaces as `+`: always go through decodeS3Key. */
          key: z.string().min(1),
          size: z.number().optional(),
          eTag: z.string().optional(),
          versionId: z.string().optional(),
          sequencer: z.string().optional(),
        })
        .passthrough(),
    }),
  })
  .passthrough();
export type S3EventRecord = z.infer<typeof S3EventRecordSchema>;

export const S3EventSchema = z.object({ Records: z.array(S3EventRecordSchema) }).passthrough();
export type S3Event = z.infer<typeof S3EventSchema>;

/** S3 sends this once when a notification is configured; it has no Records and needs no work. */
export const S3TestEventSchema = z.object({ Event: z.literal('s3:TestEvent') }).passthrough();

export const IncomingS3EventSchema = z.union([S3EventSchema, S3TestEventSchema]);

export const isObjectCreated = (record: S3EventRecord) => record.eventName.startsWith('ObjectCreated:');

/** Keys in S3 events are form-URL-encoded: `+` is a space, `%2B` a plus. */
export function decodeS3Key(encodedKey: string): string {
  return decodeURIComponent(encodedKey.replace(/\+/g, ' '));
}

/** The inverse of decodeS3Key, as S3 encodes keys in events: slashes kept, spaces as `+`. */
export function encodeS3Key(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%20/g, '+'))
    .join('/');
}
