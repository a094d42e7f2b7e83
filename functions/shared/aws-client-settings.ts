/**
 * How long an AWS call may wait before it counts as failed, one zod schema shared by the web app's environment
 * and the photo function's. Without these the SDK waits on a dead or hung endpoint for as long as the operating
 * system lets a socket live: a page that needs DynamoDB hung for seconds while the store was down (found by the
 * resilience harness). With them, a dead store is a clear error within about two request timeouts, which the
 * pages turn into the friendly "try again in a minute" answer. Decision 010 explains the defaults.
 */
import { z } from 'zod';

const millis = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

export const AwsClientSettingsSchema = z.object({
  /** Opening a connection: milliseconds on loopback or a VPC endpoint, so one second means it is not there. */
  AWS_CONNECTION_TIMEOUT_MS: millis(100, 30_000, 1_000),
  /** One DynamoDB, SNS or SES call, request and answer (their p99 is tens of milliseconds). */
  AWS_REQUEST_TIMEOUT_MS: millis(100, 60_000, 2_000),
  /**
   * S3: the longest silence on the socket, not a whole call, since an object may take longer than any fixed
   * time to stream; longer than the others because S3 answers a PUT only after checking the whole body.
   */
  AWS_S3_SOCKET_TIMEOUT_MS: millis(100, 120_000, 5_000),
  /** Tries of one call, the first included (the SDK's own default is 3; a page should fail fast). */
  AWS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(2),
  /** Rekognition analyses an image per call: about a second, sometimes more. */
  REKOGNITION_REQUEST_TIMEOUT_MS: millis(1_000, 120_000, 10_000),
});
export type AwsClientSettings = z.infer<typeof AwsClientSettingsSchema>;

/** The defaults, for scripts and tests that make clients without an environment of their own. */
export const DEFAULT_AWS_CLIENT_SETTINGS: AwsClientSettings = AwsClientSettingsSchema.parse({});
