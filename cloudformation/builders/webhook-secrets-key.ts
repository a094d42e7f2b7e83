/**
 * The key that encrypts the webhook endpoints' signing secrets (docs/decisions/329-signed-webhooks.md): a
 * Secrets Manager secret whose generated value the app hashes to its 32-byte AES-256-GCM key
 * (app/services/webhooks/secret-box.server.ts). Every instance reads the same value, so all of them open what any
 * one sealed. Retained on deletion and replacement: without this value no stored signing secret can be opened
 * again, and every endpoint's secret would have to be rotated.
 */
import { SecretsManager } from 'cloudform-types';
import { keepOnDelete, type Fragment } from '../lib/fragment.js';
import { ref, sub } from '../lib/intrinsics.js';
import { ID } from '../ids.js';
import { dataKeyArn } from './encryption.js';

/** 64 letters and digits: about 381 random bits, hashed by the app to its 32-byte key. */
export const WEBHOOK_KEY_LENGTH = 64;

export function webhookSecretsKey(): Fragment {
  // No rotation schedule: a new value would make every stored signing secret unreadable (the app does not
  // re-encrypt them).
  const secret = new SecretsManager.Secret({
    Description: sub('${AWS::StackName}: the key that encrypts the webhook signing secrets (never change it)'),
    KmsKeyId: dataKeyArn(),
    // Letters and digits only: the value can be copied into another stack's secret (README) without escaping.
    GenerateSecretString: { PasswordLength: WEBHOOK_KEY_LENGTH, ExcludePunctuation: true },
  });
  return { Resources: { [ID.WebhookSecretsKey]: keepOnDelete(secret, 'Retain') } };
}

/** A secret's Ref is its ARN. */
export const webhookSecretsKeyArn = () => ref(ID.WebhookSecretsKey);
