/**
 * The local stand-in provider's own pages: each names an icon the provider serves, and the browser's automatic
 * /favicon.ico request finds one (a 404 there showed in every browser console on its sign-in page).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalIdp, type LocalIdp } from './local-idp.server';

const REDIRECT_URI = 'http://127.0.0.1:9/auth/oidc/sso/callback';
let idp: LocalIdp;

beforeAll(async () => {
  idp = await startLocalIdp({
    port: 0,
    clients: [{ clientId: 'people', clientSecret: 'a-secret-for-the-test', redirectUris: [REDIRECT_URI] }],
    accounts: { findByEmail: async () => null, findBySubject: async () => null },
  });
});
afterAll(async () => idp?.stop());

/** The provider's sign-in page, reached as the app sends a browser there (the cookies it sets carried along). */
async function signInPage(browser: { acceptLanguage?: string; langCookie?: string } = {}): Promise<string> {
  const authorize = new URL('/auth', idp.url);
  authorize.search = new URLSearchParams({
    client_id: 'people',
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid email profile',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  }).toString();
  const start = await fetch(authorize, { redirect: 'manual' });
  const location = start.headers.get('location');
  expect(location).toMatch(/\/interaction\//);
  const cookie = start.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  const headers: Record<string, string> = {
    cookie: browser.langCookie ? `${cookie}; lang=${browser.langCookie}` : cookie,
  };
  if (browser.acceptLanguage) headers['accept-language'] = browser.acceptLanguage;
  const page = await fetch(new URL(location!, idp.url), { headers });
  expect(page.status).toBe(200);
  return page.text();
}

describe('the local identity provider', () => {
  it('serves an icon at /favicon.ico, where browsers look without being told', async () => {
    const icon = await fetch(new URL('/favicon.ico', idp.url));
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(await icon.text()).toContain('<svg');
  });

  it('names its icon on the sign-in page and on its error page, and serves it', async () => {
    const errorPage = await (await fetch(new URL('/auth?client_id=nobody', idp.url))).text();
    for (const html of [await signInPage(), errorPage]) {
      expect(html).toContain('XYZ SSO (local stand-in)');
      const href = /<link rel="icon" href="([^"]+)"/.exec(html)?.[1];
      expect(href).toBe('/favicon.svg');
      const icon = await fetch(new URL(href!, idp.url));
      expect(icon.status).toBe(200);
      expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    }
  });

  it('speaks the browser’s language: the app’s lang cookie first, else Accept-Language', async () => {
    const german = await signInPage({ acceptLanguage: 'de-DE,de;q=0.9,en;q=0.5' });
    expect(german).toContain('<html lang="de">');
    expect(german).toContain('<h1>Anmelden, um mit XYZ People fortzufahren</h1>');
    expect(german).toContain('<button type="submit">Anmelden und fortfahren</button>');
    expect(german).toContain('Passwort <code>local-sso-demo-2026</code>.');
    const spanish = await signInPage({ acceptLanguage: 'de', langCookie: 'es' });
    expect(spanish).toContain('<label for="password">Contraseña</label>');
  });
});
