/**
 * A flood from one SCIM connection is refused with a SCIM 429 and Retry-After, so a looping or stolen token cannot
 * take the workers from the pages. A token bucket per token, in this process: BURST requests at once, refilled at
 * PER_SECOND. Entra ID's gallery requirements ask a SCIM endpoint to take at least 25 requests a second per tenant;
 * the budget is twice that, so a well-behaved provider never meets it. Each worker (and each instance) keeps its
 * own buckets: with N workers behind the load balancer a token may get up to N times the budget, which still
 * bounds a flood; why in-process rather than in the database: docs/decisions/330-scim-tokens.md.
 */
import { ScimError } from './scim-error';
import type { ScimClient } from './scim-auth.server';

export interface ScimRatePolicy {
  perSecond: number;
  burst: number;
}

export const SCIM_RATE_POLICY: ScimRatePolicy = { perSecond: 50, burst: 100 };

interface Bucket {
  tokens: number;
  at: number;
}

export function createScimRateLimiter(policy: ScimRatePolicy = SCIM_RATE_POLICY) {
  const buckets = new Map<string, Bucket>();
  return {
    /** Takes one request from the token's bucket; throws a SCIM 429 naming when to retry if it is empty. */
    take(client: Pick<ScimClient, 'id'>, now = Date.now()): void {
      const bucket = buckets.get(client.id) ?? { tokens: policy.burst, at: now };
      const elapsed = Math.max(0, now - bucket.at) / 1000;
      bucket.tokens = Math.min(policy.burst, bucket.tokens + elapsed * policy.perSecond);
      bucket.at = now;
      buckets.set(client.id, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / policy.perSecond));
      throw new ScimError(
        429,
        null,
        `Too many requests from this connection: at most ${policy.perSecond} a second. Retry after ${retryAfter} s.`,
        { 'Retry-After': String(retryAfter) },
      );
    },
  };
}

const processLimiter = createScimRateLimiter();

/** The limit every SCIM request passes, after its token is known (the wrapper calls it). */
export function limitScimRequest(client: Pick<ScimClient, 'id'>, now = Date.now()): void {
  processLimiter.take(client, now);
}
