/**
 * A store that is not there, or that stopped answering, is a clear error within the configured bounds, for each
 * client the app and the photo function use: a closed loopback port (the process was killed) and a port that
 * accepts connections but never answers (a hung process).
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { PublishCommand } from '@aws-sdk/client-sns';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClientSettingsSchema, type AwsClientSettings } from './aws-client-settings';
import { createDocumentClient, createS3Client, createSecretsManagerClient, createSnsClient } from './aws-clients';
import { createSesClient } from './mail/ses-mailer';

const settings: AwsClientSettings = AwsClientSettingsSchema.parse({
  AWS_CONNECTION_TIMEOUT_MS: '500',
  AWS_REQUEST_TIMEOUT_MS: '400',
  AWS_S3_SOCKET_TIMEOUT_MS: '400',
  AWS_MAX_ATTEMPTS: '2',
});

async function closedPort(): Promise<number> {
  const server = http.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Accepts every connection and reads what is sent, and never answers: a process that hangs. */
let silent: net.Server;
const held: net.Socket[] = [];
beforeAll(async () => {
  silent = net.createServer((socket) => {
    held.push(socket);
    socket.resume();
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

async function failure(call: () => Promise<unknown>): Promise<{ error: Error; ms: number }> {
  const started = Date.now();
  try {
    await call();
  } catch (error) {
    return { error: error as Error, ms: Date.now() - started };
  }
  throw new Error('expected the call to fail');
}

function callsTo(endpoint: string) {
  const options = { region: 'us-east-1', endpoint, settings };
  const dynamo = createDocumentClient(options);
  const s3 = createS3Client(options);
  const sns = createSnsClient(options);
  const ses = createSesClient(options);
  const secrets = createSecretsManagerClient(options);
  return {
    calls: {
      dynamodb: () => dynamo.send(new GetCommand({ TableName: 'employee-metadata', Key: { pk: 'a', sk: 'b' } })),
      s3: () => s3.send(new GetObjectCommand({ Bucket: 'employee-photos', Key: 'a/b.jpg' })),
      sns: () => sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:t', Message: 'm' })),
      ses: () =>
        ses.send(
          new SendEmailCommand({
            FromEmailAddress: 'no-reply@xyz.example',
            Destination: { ToAddresses: ['a@xyz.example'] },
            Content: { Raw: { Data: Buffer.from('Subject: x\r\n\r\nx') } },
          }),
        ),
      secretsmanager: () => secrets.send(new GetSecretValueCommand({ SecretId: 'webhook-secrets-key' })),
    },
    destroy: () => [dynamo, s3, sns, ses, secrets].forEach((client) => client.destroy()),
  };
}

describe('AWS clients against a store that is gone', () => {
  it('a closed port fails each call with "connection refused" at once (well under a second, both tries included)', async () => {
    const { calls, destroy } = callsTo(`http://127.0.0.1:${await closedPort()}`);
    try {
      for (const [name, call] of Object.entries(calls)) {
        const { error, ms } = await failure(call);
        expect({ name, code: (error as Error & { code?: string }).code }).toEqual({ name, code: 'ECONNREFUSED' });
        expect({ name, fast: ms < 1_000 }).toEqual({ name, fast: true });
      }
    } finally {
      destroy();
    }
  });

  it('a process that accepts and never answers fails each call with a timeout within the tries x the request timeout', async () => {
    const port = (silent.address() as AddressInfo).port;
    const { calls, destroy } = callsTo(`http://127.0.0.1:${port}`);
    // Two tries of 400 ms, the SDK's short backoff between them, and the event loop's slack on a loaded machine.
    const bound = settings.AWS_MAX_ATTEMPTS * settings.AWS_REQUEST_TIMEOUT_MS + 1_000;
    try {
      const results = await Promise.all(
        Object.entries(calls).map(async ([name, call]) => ({ name, ...(await failure(call)) })),
      );
      for (const { name, error, ms } of results) {
        expect({ name, error: error.name }).toEqual({ name, error: 'TimeoutError' });
        expect({ name, ms, withinBound: ms <= bound }).toMatchObject({ name, withinBound: true });
        // Both tries were made: the call did not give up before its configured time.
        expect({ name, tookBothTries: ms >= settings.AWS_MAX_ATTEMPTS * settings.AWS_REQUEST_TIMEOUT_MS - 50 }).toEqual(
          {
            name,
            tookBothTries: true,
          },
        );
      }
    } finally {
      destroy();
    }
  });

  it('the environment refuses nonsense and falls back to bounded defaults', () => {
    expect(AwsClientSettingsSchema.parse({})).toEqual({
      AWS_CONNECTION_TIMEOUT_MS: 1_000,
      AWS_REQUEST_TIMEOUT_MS: 2_000,
      AWS_S3_SOCKET_TIMEOUT_MS: 5_000,
      AWS_MAX_ATTEMPTS: 2,
      REKOGNITION_REQUEST_TIMEOUT_MS: 10_000,
    });
    expect(AwsClientSettingsSchema.safeParse({ AWS_REQUEST_TIMEOUT_MS: '0' }).success).toBe(false);
    expect(AwsClientSettingsSchema.safeParse({ AWS_MAX_ATTEMPTS: 'many' }).success).toBe(false);
  });
});
