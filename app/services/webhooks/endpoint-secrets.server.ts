/**
 * An endpoint's signing secrets: sealed at rest (./secret-box.server.ts); the current one first, and after a
 * rotation the previous one too until its retirement time, so receivers have a day to switch (each message carries
 * one signature per secret in force, as Standard Webhooks allows).
 */
import type { Env } from '~/config/env.server';
import type { StoredSecret, WebhookEndpoint } from '~/models/webhook-endpoints.server';
import { openSecret, sealSecret, webhookSecretsKey } from './secret-box.server';
import { generateSigningSecret } from './signature.server';

/** How long a rotated-out secret still signs. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

type KeyEnv = Parameters<typeof webhookSecretsKey>[0];

export async function secretsInForce(
  env: KeyEnv,
  endpoint: Pick<WebhookEndpoint, 'id' | 'secrets'>,
  now: Date,
): Promise<string[]> {
  const key = await webhookSecretsKey(env);
  return endpoint.secrets
    .filter((secret) => secret.retiresAt === null || new Date(secret.retiresAt) > now)
    .map((secret) => openSecret(key, endpoint.id, secret.sealed));
}

function opensUnder(key: Buffer, endpointId: string, sealed: string): boolean {
  try {
    openSecret(key, endpointId, sealed);
    return true;
  } catch {
    return false;
  }
}

/**
 * A new secret for the endpoint: the plain one (shown to HR once) and what to store. A previous secret that no
 * longer opens (the key was lost and replaced, docs/decisions/329-signed-webhooks.md) signs nothing: it is dropped
 * rather than kept for the overlap, where it would fail every delivery, so rotating is how HR recovers.
 */
export async function newSecret(
  env: Pick<Env, 'APP_ENV' | 'WEBHOOK_SECRETS_KEY_ARN' | 'AWS_REGION' | 'dataDir'>,
  endpointId: string,
  previous: readonly StoredSecret[],
  now: Date,
): Promise<{ plain: string; stored: StoredSecret[] }> {
  const key = await webhookSecretsKey(env);
  const plain = generateSigningSecret();
  const retiresAt = new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString();
  const stillSigning = previous
    .filter((secret) => secret.retiresAt === null || new Date(secret.retiresAt) > now)
    .filter((secret) => opensUnder(key, endpointId, secret.sealed))
    .map((secret) => ({ sealed: secret.sealed, retiresAt: secret.retiresAt ?? retiresAt }));
  return { plain, stored: [{ sealed: sealSecret(key, endpointId, plain), retiresAt: null }, ...stillSigning] };
}
