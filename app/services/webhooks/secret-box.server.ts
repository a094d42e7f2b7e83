/**
 * The endpoints' signing secrets at rest (docs/decisions/329-signed-webhooks.md): each must be read back to sign,
 * so it is encrypted rather than hashed, with AES-256-GCM under one key the database never holds, and the
 * endpoint's id as additional data (a sealed secret copied to another endpoint's row does not open).
 *
 * The key: on AWS the value of the Secrets Manager secret WEBHOOK_SECRETS_KEY_ARN, hashed to 32 bytes; locally a
 * random key generated once into DATA_DIR/webhook-secrets.key (owner-only). Read once per process.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { loadSecretsManagerSdk } from '@shared/aws-sdk-loaders';
import { createSecretsManagerClient } from '@shared/aws-clients';
import { DEFAULT_AWS_CLIENT_SETTINGS, type AwsClientSettings } from '@shared/aws-client-settings';
import type { Env } from '~/config/env.server';

const VERSION = 'v1';
const KEY_FILE = 'webhook-secrets.key';

export class WebhookKeyUnavailableError extends Error {
  override name = 'WebhookKeyUnavailableError';
}

/** Seals `plain` for endpoint `endpointId`: `v1:<iv>:<tag>:<ciphertext>`, each base64. */
export function sealSecret(key: Buffer, endpointId: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(endpointId));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(
    ':',
  );
}

/** Opens a sealed secret; throws when the key, the endpoint or the text is not the one it was sealed with. */
export function openSecret(key: Buffer, endpointId: string, sealed: string): string {
  const [version, iv, tag, ciphertext] = sealed.split(':');
  if (version !== VERSION || !iv || !tag || !ciphertext) throw new Error('Not a sealed webhook secret');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(endpointId));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
}

type KeyEnv = Pick<Env, 'APP_ENV' | 'WEBHOOK_SECRETS_KEY_ARN' | 'AWS_REGION' | 'dataDir'> & Partial<AwsClientSettings>;

async function loadKey(env: KeyEnv, client?: Pick<SecretsManagerClient, 'send'>): Promise<Buffer> {
  if (env.WEBHOOK_SECRETS_KEY_ARN) {
    const secretsManager = await loadSecretsManagerSdk();
    const sm =
      client ??
      createSecretsManagerClient({ region: env.AWS_REGION, settings: { ...DEFAULT_AWS_CLIENT_SETTINGS, ...env } });
    const answer = await sm.send(new secretsManager.GetSecretValueCommand({ SecretId: env.WEBHOOK_SECRETS_KEY_ARN }));
    if (!answer.SecretString || answer.SecretString.length < 32) {
      throw new WebhookKeyUnavailableError('The webhook secrets key secret must hold at least 32 characters');
    }
    return createHash('sha256').update(answer.SecretString).digest();
  }
  if (env.APP_ENV === 'aws') {
    // A key file per instance would differ between instances: on AWS the key must be shared.
    throw new WebhookKeyUnavailableError('WEBHOOK_SECRETS_KEY_ARN is not set: webhooks need it on AWS');
  }
  const file = path.join(env.dataDir, KEY_FILE);
  const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (existing !== null) return Buffer.from(existing.trim(), 'base64');
  await mkdir(env.dataDir, { recursive: true });
  const key = randomBytes(32);
  // `wx`: of two processes starting at once, the second fails here and reads the first one's key.
  try {
    await writeFile(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  }
}

const keys = new WeakMap<object, Promise<Buffer>>();

/** The process's key for `env` (read once; a failed read is tried again next time). */
export function webhookSecretsKey(env: KeyEnv): Promise<Buffer> {
  let key = keys.get(env);
  if (!key) {
    key = loadKey(env);
    keys.set(env, key);
    key.catch(() => keys.delete(env));
  }
  return key;
}
