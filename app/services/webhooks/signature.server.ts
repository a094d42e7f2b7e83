/**
 * Signing as the Standard Webhooks specification says (https://www.standardwebhooks.com/): a secret `whsec_<base64>`
 * whose bytes key an HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<body>`, sent as `v1,<base64>` in
 * `webhook-signature`. While a secret is being rotated both sign, space-separated: a receiver accepts the message
 * if any one matches. Done with node:crypto; the tests check it with the independent `standardwebhooks` package.
 */
import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** A new signing secret: 32 random bytes. */
export function generateSigningSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

function secretBytes(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
}

/** `v1,<base64 HMAC>` for one secret. */
export function signature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secretBytes(secret)).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The three headers of a message, signed with each secret in force. */
export function signedHeaders(
  secrets: readonly string[],
  id: string,
  timestampSeconds: number,
  body: string,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((secret) => signature(secret, id, timestampSeconds, body)).join(' '),
  };
}
