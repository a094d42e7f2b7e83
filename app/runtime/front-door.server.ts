/**
 * What server.js asks of every request before the app sees it, and what it adds to every answer of the app
 * (docs/decisions/317-one-public-address.md):
 *
 * - a request for another host (Host or X-Forwarded-Host not this app's public address) is refused with 421:
 *   nothing the app builds can then point at a host an attacker named;
 * - a method the app does not answer (TRACE, PROPFIND, ...) is refused with 405; PUT, PATCH and DELETE are
 *   answered only under the SCIM prefix, whose clients (identity providers) use them (RFC 7644 §3.5);
 * - a cross-site POST (an Origin naming another host, or `Origin: null`) is refused with 403, before Remix's own
 *   check, which throws and answered 500 with an empty body;
 * - an answer that names no Cache-Control of its own gets `private, no-store`: pages and `.data` answers depend
 *   on who is signed in, and must not be kept by a shared cache or shown again from the browser's history after
 *   sign-out.
 *
 * The health checks (/healthz, /readyz) are answered by server.js before the front door, whatever the Host: the
 * load balancer's health check names the instance's private address.
 */
import { namesThisApp, publicBaseUrl } from '~/config/public-url.server';
import type { Env } from '~/config/env.server';

export interface FrontDoorRefusal {
  status: 403 | 405 | 421;
  /** A short plain-text answer for the person or tool that sent the request. */
  text: string;
  /** Why, for the request's log line (logged at info: a refusal is the client's doing, not a fault). */
  reason: 'another-host' | 'method-not-allowed' | 'cross-site-post';
  headers: Record<string, string>;
}

/** What the app's answers carry when the route named no caching of its own. */
export const DEFAULT_CACHE_CONTROL = 'private, no-store';

const ANSWERED_METHODS = ['GET', 'HEAD', 'POST'];
/** The SCIM service provider's routes (app/routes/scim.v2.*), which also answer these. */
const SCIM_PREFIX = '/scim/v2/';
const SCIM_METHODS = [...ANSWERED_METHODS, 'PUT', 'PATCH', 'DELETE'];

type HeaderOf = (name: string) => string | null | undefined;

export function createFrontDoor(env: Pick<Env, 'PUBLIC_URL' | 'HOST' | 'PORT'>) {
  const baseUrl = publicBaseUrl(env);
  const plain = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };
  return {
    /** The refusal for a request the app must not see, or null to let it through. `path`: the URL's path. */
    check(method: string, header: HeaderOf, path = '/'): FrontDoorRefusal | null {
      const forwardedHost = header('x-forwarded-host');
      if (!namesThisApp(env, header('host')) || (forwardedHost != null && !namesThisApp(env, forwardedHost))) {
        return {
          status: 421,
          reason: 'another-host',
          text:
            `This server answers only at ${baseUrl}. ` +
            (env.PUBLIC_URL
              ? 'The request named another host.'
              : 'To serve it at another address, set PUBLIC_URL to the address people use.'),
          headers: plain,
        };
      }
      const methods = path.startsWith(SCIM_PREFIX) ? SCIM_METHODS : ANSWERED_METHODS;
      if (!methods.includes(method)) {
        return {
          status: 405,
          reason: 'method-not-allowed',
          text: `This server answers ${methods.join(', ')} only.`,
          headers: { ...plain, Allow: methods.join(', ') },
        };
      }
      if (method === 'POST' && !sameOrigin(header)) {
        return {
          status: 403,
          reason: 'cross-site-post',
          text: 'This form was sent from another site and has been refused.',
          headers: plain,
        };
      }
      return null;
    },
  };
}

/**
 * A POST's Origin: absent (not from a browser form, so no ambient session at risk) or the host the request was
 * sent to. Remix's own rule, answered here rather than thrown: the Origin's host equals the X-Forwarded-Host
 * (its first value) or else the Host header, which the host check has already matched to the public address.
 * `null` (a sandboxed frame, a privacy-stripped referrer) or garbage is refused.
 */
function sameOrigin(header: HeaderOf): boolean {
  const origin = header('origin');
  if (origin == null) return true;
  const sentTo = header('x-forwarded-host')?.split(',')[0]?.trim() || header('host');
  try {
    return new URL(origin).host === sentTo;
  } catch {
    return false;
  }
}
