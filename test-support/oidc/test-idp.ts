/**
 * The local stand-in identity provider (app/local/local-idp.server.ts) set up for the sign-in suites, behind a
 * small pass-through proxy that is the issuer's address. The proxy changes nothing unless a test asks it to
 * stand in for an attacker or a slow network between the app and the provider: swap the ID token of the next
 * token response for another real one (issued by the same provider to another client), or hold the next token
 * response back. A browser stand-in (`signInAtProvider`) walks the provider's login page with a cookie jar.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocalIdp, LOCAL_IDP_PASSWORD, type LocalIdp, type LocalIdpAccount } from '~/local/local-idp.server';

export const APP_CLIENT = { clientId: 'xyz-people', clientSecret: 'app-client-secret-for-tests-0123456789' };
/** Another application registered at the same provider: its ID tokens carry its own audience. */
export const OTHER_CLIENT = { clientId: 'other-app', clientSecret: 'other-client-secret-for-tests-012345' };
/** The app again, registered a second time with one-second ID tokens. */
export const SHORT_TOKEN_CLIENT = { clientId: 'xyz-people-short', clientSecret: 'short-client-secret-for-tests-01234' };

export interface TestIdp {
  issuer: string;
  idp: LocalIdp;
  /** The next token response carries this ID token instead of its own. */
  swapNextIdToken(idToken: string): void;
  /** The next token response reaches the app this much later. */
  delayNextTokenResponse(ms: number): void;
  /** Token responses seen since the start (the app's code exchanges). */
  tokenRequests: number;
  /** A person the provider knows from now on. */
  addAccount(account: LocalIdpAccount): void;
  stop(): Promise<void>;
}

export async function startTestIdp(options: { appOrigin: string }): Promise<TestIdp> {
  let upstream = '';
  let swap: string | null = null;
  let delay = 0;
  const state = { tokenRequests: 0 };
  const proxy = http.createServer((req, res) => {
    const isToken = req.url?.startsWith('/token') ?? false;
    const forward = http.request(
      `${upstream}${req.url}`,
      // The Host header passes unchanged: the provider builds its endpoints' URLs from it, and they must be ours.
      { method: req.method, headers: req.headers },
      (answer) => {
        if (!isToken) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        state.tokenRequests += 1;
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          let body = Buffer.concat(chunks).toString('utf8');
          if (swap && answer.statusCode === 200) {
            body = JSON.stringify({ ...(JSON.parse(body) as object), id_token: swap });
            swap = null;
          }
          const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(body)) };
          const wait = delay;
          delay = 0;
          setTimeout(() => res.writeHead(answer.statusCode ?? 502, headers).end(body), wait);
        });
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const byEmail = new Map<string, LocalIdpAccount>();
  const bySubject = new Map<string, LocalIdpAccount>();
  const callback = `${options.appOrigin}/auth/oidc/sso/callback`;
  const idp = await startLocalIdp({
    port: 0,
    issuer,
    clients: [
      { ...APP_CLIENT, redirectUris: [callback], postLogoutRedirectUris: [`${options.appOrigin}/login`] },
      { ...OTHER_CLIENT, redirectUris: ['http://other-app.test/callback'] },
      {
        ...SHORT_TOKEN_CLIENT,
        redirectUris: [`${options.appOrigin}/auth/oidc/sso-short/callback`],
        idTokenTtlSeconds: 1,
      },
    ],
    accounts: {
      findByEmail: async (email) => byEmail.get(email) ?? null,
      findBySubject: async (subject) => bySubject.get(subject) ?? null,
    },
  });
  upstream = idp.url;
  return {
    issuer,
    idp,
    swapNextIdToken: (token) => {
      swap = token;
    },
    delayNextTokenResponse: (ms) => {
      delay = ms;
    },
    addAccount(account) {
      byEmail.set(account.email, account);
      bySubject.set(account.subject, account);
    },
    get tokenRequests() {
      return state.tokenRequests;
    },
    async stop() {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await idp.stop();
    },
  };
}

/** The OIDC_PROVIDERS value for the app under test: the app's client, and its short-token twin. */
export function testProvidersEnv(issuer: string): string {
  return JSON.stringify([
    { id: 'sso', name: 'XYZ SSO', issuer, ...APP_CLIENT },
    // No tolerance: a one-second token held back two seconds is expired, not "within the skew".
    { id: 'sso-short', name: 'XYZ SSO (short)', issuer, ...SHORT_TOKEN_CLIENT, clockToleranceSeconds: 0 },
  ]);
}

/**
 * A browser at the provider: opens the authorization URL, signs in on the login page as `email`, and follows
 * redirects until the provider sends it back to `appOrigin`; returns that URL (the callback with its code).
 */
export async function signInAtProvider(
  authorizationUrl: string,
  email: string,
  options: { appOrigin: string; password?: string; jar?: Map<string, string> },
): Promise<URL> {
  const jar = options.jar ?? new Map<string, string>();
  const cookieHeader = () => [...jar.entries()].map(([name, value]) => `${name}=${value}`).join('; ');
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      jar.set(pair!.slice(0, index), pair!.slice(index + 1));
    }
  };
  let url = new URL(authorizationUrl);
  let method = 'GET';
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 12; hop += 1) {
    if (url.origin === options.appOrigin) return url;
    const response = await fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: { cookie: cookieHeader(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    });
    remember(response);
    method = 'GET';
    body = undefined;
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url);
      continue;
    }
    const html = await response.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (!action)
      throw new Error(`the provider answered ${response.status} without a login form: ${html.slice(0, 300)}`);
    url = new URL(action, url);
    method = 'POST';
    body = new URLSearchParams({ email, password: options.password ?? LOCAL_IDP_PASSWORD });
  }
  throw new Error('too many redirects at the provider');
}

/** A whole code flow of another client (OTHER_CLIENT) for `email` with the given nonce: its real ID token. */
export async function idTokenForOtherClient(idp: TestIdp, email: string, nonce: string): Promise<string> {
  const { createHash, randomBytes } = await import('node:crypto');
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirectUri = 'http://other-app.test/callback';
  const authorize = new URL(`${idp.issuer}/auth`);
  authorize.search = new URLSearchParams({
    client_id: OTHER_CLIENT.clientId,
    response_type: 'code',
    scope: 'openid email profile',
    redirect_uri: redirectUri,
    state: randomBytes(16).toString('base64url'),
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  const back = await signInAtProvider(authorize.href, email, { appOrigin: 'http://other-app.test' });
  const code = back.searchParams.get('code')!;
  const response = await fetch(`${idp.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      client_id: OTHER_CLIENT.clientId,
      client_secret: OTHER_CLIENT.clientSecret,
    }),
  });
  const tokens = (await response.json()) as { id_token?: string };
  if (!tokens.id_token) throw new Error(`the other client got no ID token: ${JSON.stringify(tokens)}`);
  return tokens.id_token;
}
