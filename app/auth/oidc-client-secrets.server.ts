/**
 * The identity providers' client secrets: on AWS from one Secrets Manager secret (OIDC_CLIENT_SECRETS_ARN,
 * a JSON object `{ "<provider id>": "<client secret>" }`), read once per process through the instance role;
 * locally from OIDC_PROVIDERS itself. A secret is never logged: errors name the provider, not the value.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { loadSecretsManagerSdk } from '@shared/aws-sdk-loaders';
import { createSecretsManagerClient } from '@shared/aws-clients';
import { DEFAULT_AWS_CLIENT_SETTINGS, type AwsClientSettings } from '@shared/aws-client-settings';
import type { Env } from '~/config/env.server';

const secretValueSchema = z.record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/), z.string().min(1).max(1024));

export class ClientSecretsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClientSecretsError';
  }
}

/** Provider id -> client secret, for every configured provider; throws ClientSecretsError naming what is missing. */
export async function readClientSecrets(
  env: Pick<Env, 'OIDC_PROVIDERS' | 'OIDC_CLIENT_SECRETS_ARN' | 'AWS_REGION'> & Partial<AwsClientSettings>,
  client?: Pick<SecretsManagerClient, 'send'>,
): Promise<Map<string, string>> {
  const providers = env.OIDC_PROVIDERS ?? [];
  const secrets = new Map<string, string>();
  for (const provider of providers) if (provider.clientSecret) secrets.set(provider.id, provider.clientSecret);
  if (env.OIDC_CLIENT_SECRETS_ARN && providers.some((provider) => !secrets.has(provider.id))) {
    const secretsManager = await loadSecretsManagerSdk();
    const sm =
      client ??
      createSecretsManagerClient({ region: env.AWS_REGION, settings: { ...DEFAULT_AWS_CLIENT_SETTINGS, ...env } });
    const answer = await sm.send(new secretsManager.GetSecretValueCommand({ SecretId: env.OIDC_CLIENT_SECRETS_ARN }));
    let parsed: z.SafeParseReturnType<unknown, Record<string, string>>;
    try {
      parsed = secretValueSchema.safeParse(JSON.parse(answer.SecretString ?? ''));
    } catch {
      throw new ClientSecretsError('The OIDC client secrets secret is not a JSON object of provider id -> secret');
    }
    if (!parsed.success) {
      throw new ClientSecretsError('The OIDC client secrets secret is not a JSON object of provider id -> secret');
    }
    for (const [id, secret] of Object.entries(parsed.data)) if (!secrets.has(id)) secrets.set(id, secret);
  }
  const missing = providers.filter((provider) => !secrets.has(provider.id)).map((provider) => provider.id);
  if (missing.length > 0)
    throw new ClientSecretsError(`No client secret for the identity provider(s): ${missing.join(', ')}`);
  return secrets;
}
