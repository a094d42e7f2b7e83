/**
 * The Remix side of authentication: the session cookie, `getUser`, `requireUser`, `requireAdmin`,
 * `createUserSession` and `logout`. Guards throw Responses (a redirect to /login, or 403), so loaders and
 * actions read as guard -> parse -> call -> respond.
 */
import { createCookie, redirect } from '@remix-run/node';
import { getPlatform } from '~/platform.server';
import { assertSameOrigin } from './csrf.server';
import {
  createSession,
  deleteSession,
  getSessionUser,
  SESSION_TTL_MS,
  type SessionUser,
} from '~/models/session-store.server';
import { safeRedirect } from './safe-redirect';

export type { SessionUser };

let cookieCache: ReturnType<typeof createCookie> | undefined;

/**
 * httpOnly, SameSite=Lax, path=/. Secure (with the `__Host-` prefix, which also forbids a Domain attribute)
 * whenever the site is served over https, which is always the case on AWS behind the ALB; a local production
 * build on http://127.0.0.1 cannot use a Secure cookie.
 */
export function sessionCookie(env: { APP_ENV: string; PUBLIC_URL?: string }) {
  const secure = env.APP_ENV === 'aws' || Boolean(env.PUBLIC_URL?.startsWith('https://'));
  cookieCache ??= createCookie(secure ? '__Host-session' : 'session', {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
  return cookieCache;
}

async function readToken(request: Request): Promise<string | null> {
  const { env } = await getPlatform();
  const value: unknown = await sessionCookie(env).parse(request.headers.get('cookie'));
  return typeof value === 'string' && value.length >= 32 && value.length <= 64 ? value : null;
}

// Root and route loaders of one request ask for the user once between them.
const perRequest = new WeakMap<Request, Promise<SessionUser | null>>();

export function getUser(request: Request): Promise<SessionUser | null> {
  let pending = perRequest.get(request);
  if (!pending) {
    pending = (async () => {
      const token = await readToken(request);
      if (!token) return null;
      const { db } = await getPlatform();
      return getSessionUser(db, token);
    })();
    perRequest.set(request, pending);
  }
  return pending;
}

/** The signed-in employee, or a redirect to /login that comes back here. Non-GET requests also pass the origin check. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const { env } = await getPlatform();
  assertSameOrigin(request, env.PUBLIC_URL);
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = request.method === 'GET' ? `${url.pathname}${url.search}` : url.pathname;
    throw redirect(`/login?${new URLSearchParams({ redirectTo: back })}`);
  }
  return user;
}

/**
 * A signed-in employee whose profile HR has activated. A pending (self-registered, not yet checked) account
 * sees only its own profile: the directory is for verified employees.
 */
export async function requireActiveUser(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.status !== 'active') throw redirect('/me');
  return user;
}

export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.role !== 'admin' || user.status !== 'active') {
    throw new Response('Only HR administrators can do this.', { status: 403 });
  }
  return user;
}

/** Signs in: always a new session id (the old one, if any, is deleted), then a safe redirect. */
export async function createUserSession(request: Request, employeeId: string, redirectTo: string | null | undefined) {
  const { env, db } = await getPlatform();
  const previous = await readToken(request);
  if (previous) await deleteSession(db, previous);
  const token = await createSession(db, employeeId);
  return redirect(safeRedirect(redirectTo), {
    headers: { 'Set-Cookie': await sessionCookie(env).serialize(token) },
  });
}

/** Cookie header value that signs a browser in with an existing token (used after a password reset). */
export async function serializeSessionCookie(token: string): Promise<string> {
  const { env } = await getPlatform();
  return sessionCookie(env).serialize(token);
}

export async function logout(request: Request, to = '/login') {
  const { env, db } = await getPlatform();
  const token = await readToken(request);
  if (token) await deleteSession(db, token);
  return redirect(to, { headers: { 'Set-Cookie': await sessionCookie(env).serialize('', { maxAge: 0 }) } });
}

/** The client address for per-address throttling: the server puts it in the load context (see server.js). */
export function clientAddress(request: Request, context: unknown): string | null {
  const fromContext = (context as { clientAddress?: unknown } | undefined)?.clientAddress;
  if (typeof fromContext === 'string' && fromContext) return fromContext;
  // Behind the ALB the last X-Forwarded-For entry is the one the ALB appended: the only one not client-supplied.
  const forwarded = request.headers.get('x-forwarded-for');
  const last = forwarded?.split(',').at(-1)?.trim();
  return last || null;
}
