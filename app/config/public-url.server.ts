/**
 * Where people reach this app: the one base URL every link, redirect and email is built from, and the Host header
 * values a request may carry. Never the request's own Host or X-Forwarded-Host: a request to /forgot-password with
 * `Host: evil.example` once mailed a working reset link to evil.example (docs/decisions/317-one-public-address.md).
 */
import type { Env } from './env.server';

type AddressEnv = Pick<Env, 'PUBLIC_URL' | 'HOST' | 'PORT'>;

/** Addresses that mean "every interface": the server cannot be reached by that name. */
const ANY_INTERFACE = new Set(['0.0.0.0', '::', '[::]']);

/**
 * PUBLIC_URL's origin; without it (locally), the server's own listening address, `http://HOST:PORT`, with
 * `localhost` for a server listening on every interface (what the start-up message prints).
 */
export function publicBaseUrl(env: AddressEnv): string {
  if (env.PUBLIC_URL) return new URL(env.PUBLIC_URL).origin;
  const host = ANY_INTERFACE.has(env.HOST) ? 'localhost' : env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST;
  return new URL(`http://${host}:${env.PORT}`).origin;
}

/**
 * Whether a Host (or X-Forwarded-Host) header names this app: the base URL's host and port, compared as a URL
 * parser reads them (case, a default port written out). Anything else, a missing or malformed header included, is
 * a request meant for another site.
 */
export function namesThisApp(env: AddressEnv, hostHeader: string | null | undefined): boolean {
  if (!hostHeader) return false;
  const base = new URL(publicBaseUrl(env));
  // Only a host and an optional port: a header carrying a path, credentials or a query is not a Host.
  if (!/^[A-Za-z0-9.\-[\]:]+$/.test(hostHeader)) return false;
  try {
    return new URL(`${base.protocol}//${hostHeader}`).host === base.host;
  } catch {
    return false;
  }
}
