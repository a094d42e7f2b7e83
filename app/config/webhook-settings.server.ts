import { z } from 'zod';

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/**
 * Webhook deliveries to other systems (docs/decisions/329-signed-webhooks.md): where endpoints may point, where the
 * key that encrypts their signing secrets comes from, and what the installation's egress allows.
 */
export const WebhookSettingsSchema = z.object({
  /**
   * Endpoints may use http and point at private, loopback or link-local addresses. Unset: allowed locally (a
   * receiver on 127.0.0.1), refused on AWS, where an endpoint must be HTTPS on a public address.
   */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: booleanFlag.optional(),
  /**
   * On AWS: the Secrets Manager secret whose value (any string, hashed to 32 bytes) is the key that encrypts the
   * endpoints' signing secrets. Locally the key is a file generated under DATA_DIR.
   */
  WEBHOOK_SECRETS_KEY_ARN: z
    .string()
    .regex(/^arn:aws[a-z-]*:secretsmanager:/, 'must be a Secrets Manager secret ARN')
    .optional(),
  /**
   * What the stack's egress allows (docs/decisions/102-private-egress-endpoints-or-nat.md): `internet` with
   * PrivateEgress=NatGateway, `none` with VpcEndpoints (deliveries cannot leave; the admin page says so).
   */
  WEBHOOK_EGRESS: z.enum(['internet', 'none']).optional(),
  /** One delivery attempt: connecting, sending and reading the answer. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
});

export type WebhookSettings = z.infer<typeof WebhookSettingsSchema>;

/** Whether endpoints may be http or non-public addresses: the safe answer on AWS unless told otherwise. */
export function privateTargetsAllowed(env: WebhookSettings & { APP_ENV: 'local' | 'aws' }): boolean {
  return env.WEBHOOK_ALLOW_PRIVATE_TARGETS ?? env.APP_ENV === 'local';
}
