/**
 * The short-lived cookies of a sign-in through an identity provider. All are signed (HMAC, by Remix's
 * createCookie) with a key derived from the providers' client secrets, which every instance has and nobody
 * outside does; all are HttpOnly, SameSite=Lax (the provider's redirect back is a top-level GET, which Lax
 * lets through) and Secure with the `__Host-` prefix whenever the session cookie is.
 *
 * - the flow: state, nonce and PKCE verifier between /start and /callback (10 minutes, cleared at the callback);
 * - the onboarding: the identity the provider vouched for, between /callback and the onboarding form (30 minutes);
 * - the sign-out hint: which provider signed this browser in, and its ID token, for RP-initiated logout;
 * - the refusal: why the callback refused a sign-in, for the page it redirects to (5 minutes), so that the
 *   provider's one-time code does not stay in the address bar and the history.
 */
import { createHmac } from 'node:crypto';
import { createCookie, type Cookie } from '@remix-run/node';
import { z } from 'zod';
import type { Env } from '~/config/env.server';
import { clientSecretsOf } from './oidc-providers.server';
import { SESSION_TTL_MS } from '~/models/session-store.server';

export const FLOW_TTL_MS = 10 * 60 * 1000;
export const ONBOARDING_TTL_MS = 30 * 60 * 1000;
export const REFUSAL_TTL_MS = 5 * 60 * 1000;

const flowSchema = z.object({
  provider: z.string().max(32),
  state: z.string().min(20).max(200),
  nonce: z.string().min(20).max(200),
  verifier: z.string().min(43).max(128),
  redirectTo: z.string().max(2000),
  expiresAt: z.number().int(),
});
export type OidcFlow = z.infer<typeof flowSchema>;

const onboardingSchema = z.object({
  providerId: z.string().max(32),
  issuer: z.string().max(255),
  subject: z.string().max(255),
  email: z.string().email().max(254),
  firstName: z.string().max(100),
  lastName: z.string().max(100),
  expiresAt: z.number().int(),
});
export type OidcOnboarding = z.infer<typeof onboardingSchema>;

// An ID token longer than this is left out (the cookie would pass browsers' 4 KB limit); logout then asks the
// provider without a hint.
export const MAX_HINT_ID_TOKEN_LENGTH = 2400;
const signOutSchema = z.object({
  provider: z.string().max(32),
  idToken: z.string().max(MAX_HINT_ID_TOKEN_LENGTH).optional(),
});
export type OidcSignOutHint = z.infer<typeof signOutSchema>;

const refusalSchema = z.object({
  reason: z.string().max(40),
  /** Only for an account the provider vouched for that cannot sign in here: whose standing the page explains. */
  employeeId: z.string().max(64).optional(),
});
export type OidcRefusal = z.infer<typeof refusalSchema>;

type CookieName = 'flow' | 'onboarding' | 'signOut' | 'refusal';
const cookies = new WeakMap<object, Promise<Record<CookieName, Cookie>>>();

function cookiesOf(env: Env) {
  let pending = cookies.get(env);
  if (!pending) {
    pending = (async () => {
      const secrets = await clientSecretsOf(env);
      const material = [...secrets.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, s]) => `${id}=${s}`);
      // A derived key, so the cookie's signature reveals nothing about any client secret.
      const key = createHmac('sha256', material.join('\n')).update('xyz-people/oidc-cookies/v1').digest('base64url');
      const secure = env.APP_ENV === 'aws' || Boolean(env.PUBLIC_URL?.startsWith('https://'));
      const make = (name: string, maxAgeMs: number) =>
        createCookie(secure ? `__Host-${name}` : name, {
          httpOnly: true,
          sameSite: 'lax',
          secure,
          path: '/',
          maxAge: Math.floor(maxAgeMs / 1000),
          secrets: [key],
        });
      return {
        flow: make('oidc-flow', FLOW_TTL_MS),
        onboarding: make('oidc-onboarding', ONBOARDING_TTL_MS),
        signOut: make('oidc-signout', SESSION_TTL_MS),
        refusal: make('oidc-refusal', REFUSAL_TTL_MS),
      };
    })();
    pending.catch(() => cookies.delete(env));
    cookies.set(env, pending);
  }
  return pending;
}

async function read<T>(env: Env, which: CookieName, schema: z.ZodType<T>, request: Request) {
  const cookie = (await cookiesOf(env))[which];
  // A bad signature parses as null (Remix checks it), so a forged or altered cookie is simply absent.
  const parsed = schema.safeParse(await cookie.parse(request.headers.get('cookie')));
  return parsed.success ? parsed.data : null;
}

async function write(env: Env, which: CookieName, value: unknown): Promise<string> {
  return (await cookiesOf(env))[which].serialize(value);
}

async function clear(env: Env, which: CookieName): Promise<string> {
  return (await cookiesOf(env))[which].serialize('', { maxAge: 0 });
}

export async function readFlow(env: Env, request: Request, now = Date.now()): Promise<OidcFlow | null> {
  const flow = await read(env, 'flow', flowSchema, request);
  return flow && flow.expiresAt > now ? flow : null;
}
export const writeFlow = (env: Env, flow: OidcFlow) => write(env, 'flow', flow);
export const clearFlow = (env: Env) => clear(env, 'flow');

export async function readOnboarding(env: Env, request: Request, now = Date.now()): Promise<OidcOnboarding | null> {
  const onboarding = await read(env, 'onboarding', onboardingSchema, request);
  return onboarding && onboarding.expiresAt > now ? onboarding : null;
}
export const writeOnboarding = (env: Env, value: OidcOnboarding) => write(env, 'onboarding', value);
export const clearOnboarding = (env: Env) => clear(env, 'onboarding');

export const readSignOutHint = (env: Env, request: Request) => read(env, 'signOut', signOutSchema, request);
export const writeSignOutHint = (env: Env, value: OidcSignOutHint) => write(env, 'signOut', value);
export const clearSignOutHint = (env: Env) => clear(env, 'signOut');

export const readRefusal = (env: Env, request: Request) => read(env, 'refusal', refusalSchema, request);
export const writeRefusal = (env: Env, value: OidcRefusal) => write(env, 'refusal', value);
