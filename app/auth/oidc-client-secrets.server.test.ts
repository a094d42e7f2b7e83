/**
 * Reading the providers' client secrets from Secrets Manager, against moto's server (the project's AWS
 * stand-in, in .venv): the same SDK call the app makes on AWS through the instance role.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '~/config/env.server';
import { ClientSecretsError, readClientSecrets } from './oidc-client-secrets.server';

const MOTO = path.resolve(__dirname, '..', '..', '.venv', 'bin', 'moto_server');
let moto: ChildProcess;
let client: SecretsManagerClient;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  moto = spawn(MOTO, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (
      await fetch(`${endpoint}/moto-api/`).then(
        () => true,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  client = new SecretsManagerClient({
    region: 'eu-west-1',
    endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
});

afterAll(() => {
  client?.destroy();
  moto?.kill();
});

const provider = (id: string) => ({ id, name: id, issuer: `https://${id}.example`, clientId: `${id}-client` });

async function secret(name: string, value: string): Promise<string> {
  const created = await client.send(new CreateSecretCommand({ Name: name, SecretString: value }));
  return created.ARN!;
}

function awsEnv(arn: string, providers: unknown[]) {
  return parseEnv({
    APP_ENV: 'aws',
    DATABASE_URL: 'mysql://app@db.internal:3306/employees',
    NOTIFICATIONS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:employee-profiles',
    PUBLIC_URL: 'https://people.xyz.example',
    MAIL_FROM_ADDRESS: 'no-reply@people.xyz.example',
    AWS_REGION: 'eu-west-1',
    OIDC_CLIENT_SECRETS_ARN: arn,
    OIDC_PROVIDERS: JSON.stringify(providers),
  });
}

describe('the client secrets', () => {
  it('come from the named secret, one per provider id', async () => {
    const arn = await secret('people/oidc-ok', JSON.stringify({ entra: 's3cret-entra', okta: 's3cret-okta' }));
    const secrets = await readClientSecrets(awsEnv(arn, [provider('entra'), provider('okta')]), client);
    expect(Object.fromEntries(secrets)).toEqual({ entra: 's3cret-entra', okta: 's3cret-okta' });
  });

  it('name the provider whose secret is missing, and never the values', async () => {
    const arn = await secret('people/oidc-partial', JSON.stringify({ entra: 's3cret-entra' }));
    const reading = readClientSecrets(awsEnv(arn, [provider('entra'), provider('google')]), client);
    await expect(reading).rejects.toThrow(ClientSecretsError);
    await expect(reading).rejects.toThrow(/google/);
    await expect(reading).rejects.not.toThrow(/s3cret/);
  });

  it('refuse a secret that is not a JSON object of provider id -> secret', async () => {
    const arn = await secret('people/oidc-plain', 'just-one-secret');
    await expect(readClientSecrets(awsEnv(arn, [provider('entra')]), client)).rejects.toThrow(
      /not a JSON object of provider id -> secret/,
    );
  });
});
