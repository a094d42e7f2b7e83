/**
 * AWS SDK clients for the web app and the functions, created once per process (or Lambda container) and
 * passed in. On AWS they take credentials from the instance profile or the function's role; with an
 * endpoint (s3rver, dynalite, moto) they get explicit dummy credentials, so the SDK never probes the
 * instance-metadata address, and the settings the emulators need. Every client has a connection timeout, a
 * request timeout and a bounded number of tries (aws-client-settings.ts): a dead store is an error, not a wait.
 * DynamoDB and S3 serve every request; the other services' clients are built, with their package, on their first
 * send (lazy-client.ts).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DEFAULT_AWS_CLIENT_SETTINGS, type AwsClientSettings } from './aws-client-settings';
import { loadRekognitionSdk, loadSecretsManagerSdk, loadSfnSdk, loadSnsSdk, loadSqsSdk } from './aws-sdk-loaders';
import { clientOnFirstSend, type LazyClient } from './lazy-client';

export interface ClientOptions {
  region: string;
  /** Emulators only; unset on AWS. */
  endpoint?: string;
  /** Timeouts and tries; the defaults of aws-client-settings.ts when not given (scripts, tests). */
  settings?: AwsClientSettings;
}

// s3rver accepts only its own well-known key pair; dynalite and moto accept any.
const EMULATOR_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** The options of the SDK's Node HTTP handler that this module sets (@smithy/node-http-handler). */
export interface HandlerLimits {
  connectionTimeout: number;
  requestTimeout?: number;
  throwOnRequestTimeout?: boolean;
  socketTimeout?: number;
}

/**
 * The HTTP handler's limits. `requestTimeout` bounds a whole call; the handler only logs a breach unless told
 * to throw. `streaming` calls (S3 objects) bound the silence on the socket instead, so a large photo that keeps
 * flowing is never cut off while a store that stopped answering still is.
 */
export function requestHandlerOptions(
  settings: AwsClientSettings,
  options: { streaming?: boolean; requestTimeoutMs?: number } = {},
): HandlerLimits {
  const requestTimeout = options.requestTimeoutMs ?? settings.AWS_REQUEST_TIMEOUT_MS;
  return {
    connectionTimeout: settings.AWS_CONNECTION_TIMEOUT_MS,
    ...(options.streaming
      ? { socketTimeout: settings.AWS_S3_SOCKET_TIMEOUT_MS }
      : { requestTimeout, throwOnRequestTimeout: true }),
  };
}

function common(settings: AwsClientSettings = DEFAULT_AWS_CLIENT_SETTINGS, streaming = false) {
  return {
    maxAttempts: settings.AWS_MAX_ATTEMPTS,
    requestHandler: requestHandlerOptions(settings, { streaming }),
  };
}

export function createDocumentClient({ region, endpoint, settings }: ClientOptions): DynamoDBDocumentClient {
  const client = new DynamoDBClient(usualOptions({ region, endpoint, settings }));
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export function createS3Client({ region, endpoint, settings }: ClientOptions): S3Client {
  if (!endpoint) return new S3Client({ region, ...common(settings, true) });
  return new S3Client({
    region,
    ...common(settings, true),
    endpoint,
    forcePathStyle: true,
    credentials: EMULATOR_CREDENTIALS,
    // Without these, s3rver stores streamed uploads with the aws-chunked framing inside the object (STACK.md).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** A client's usual options: the settings' bounds, and an emulator's endpoint with its credentials when given. */
function usualOptions({ region, endpoint, settings }: ClientOptions) {
  return { region, ...common(settings), ...(endpoint ? { endpoint, credentials: EMULATOR_CREDENTIALS } : {}) };
}

export function createSnsClient({ region, endpoint, settings }: ClientOptions): LazyClient<SNSClient> {
  return clientOnFirstSend(async () => {
    const sns = await loadSnsSdk();
    return new sns.SNSClient(usualOptions({ region, endpoint, settings }));
  });
}

/** Amazon Rekognition for the photo function's face check (no emulator: moto's answers are canned). */
export function createRekognitionClient({
  region,
  settings = DEFAULT_AWS_CLIENT_SETTINGS,
}: ClientOptions): LazyClient<RekognitionClient> {
  return clientOnFirstSend(async () => {
    const rekognition = await loadRekognitionSdk();
    return new rekognition.RekognitionClient({
      region,
      // The face check retries with its own backoff (FACE_CHECK_ATTEMPTS); the SDK adds one quick retry of its own.
      maxAttempts: 2,
      requestHandler: requestHandlerOptions(settings, { requestTimeoutMs: settings.REKOGNITION_REQUEST_TIMEOUT_MS }),
    });
  });
}

/**
 * Secrets Manager, for the secrets a process reads once (the webhook secrets' key, the identity providers' client
 * secrets): bounded like every other client, so a sign-in or a webhook waiting on it fails instead of hanging.
 */
export function createSecretsManagerClient({
  region,
  endpoint,
  settings,
}: ClientOptions): LazyClient<SecretsManagerClient> {
  return clientOnFirstSend(async () => {
    const secretsManager = await loadSecretsManagerSdk();
    return new secretsManager.SecretsManagerClient(usualOptions({ region, endpoint, settings }));
  });
}

/** Step Functions, for the verification workflow's executions and task tokens (moto locally in tests). */
export function createSfnClient({ region, endpoint, settings }: ClientOptions): LazyClient<SFNClient> {
  return clientOnFirstSend(async () => {
    const sfn = await loadSfnSdk();
    return new sfn.SFNClient(usualOptions({ region, endpoint, settings }));
  });
}

/** SQS, for the verification workflow's task queue (moto locally in tests). */
export function createSqsClient({
  region,
  endpoint,
  settings = DEFAULT_AWS_CLIENT_SETTINGS,
}: ClientOptions): LazyClient<SQSClient> {
  return clientOnFirstSend(async () => {
    const sqs = await loadSqsSdk();
    return new sqs.SQSClient({
      region,
      maxAttempts: settings.AWS_MAX_ATTEMPTS,
      // A receive long-polls for up to 20 s: the bound is that plus the usual request time, not the usual alone.
      requestHandler: requestHandlerOptions(settings, {
        requestTimeoutMs: SQS_LONG_POLL_MS + settings.AWS_REQUEST_TIMEOUT_MS,
      }),
      ...(endpoint ? { endpoint, credentials: EMULATOR_CREDENTIALS } : {}),
    });
  });
}

/** SQS's longest receive wait (the task queue consumer's default). */
const SQS_LONG_POLL_MS = 20_000;
