/**
 * PASSWORD_SIGN_IN=false with an identity provider configured (decision 310): the sign-in page offers only the
 * provider, and a password posted anyway (an old bookmark, a script) is refused even when it is right.
 * Also: a provider whose client secret cannot be read is "not reachable", never a 500. Its own file: the
 * production bundle reads its environment once per process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from '@test-support/http/app-under-test';
import { CAST_PASSWORD, createCast, formPost, type Cast } from '@test-support/http/people';
import { startTestIdp, testProvidersEnv, type TestIdp } from '@test-support/oidc/test-idp';

let idp: TestIdp;
let app: AppUnderTest;
let cast: Cast;

beforeAll(async () => {
  idp = await startTestIdp({ appOrigin: APP_ORIGIN });
  // A second provider whose client secret is missing (as when Secrets Manager cannot be read): no provider can
  // start a sign-in then, because the flow cookie's key comes from all the secrets.
  const providers = JSON.parse(testProvidersEnv(idp.issuer)) as object[];
  process.env.OIDC_PROVIDERS = JSON.stringify([
    ...providers,
    { id: 'okta', name: 'Okta', issuer: 'https://okta.invalid', clientId: 'people' },
  ]);
  app = await startAppUnderTest();
  // The cast signs in with passwords: turned off only now (the bundle's env is read, then changed in place).
  cast = await createCast(app);
  app.platform.env.PASSWORD_SIGN_IN = false;
});

afterAll(async () => {
  await app?.close();
  await idp?.stop();
  delete process.env.OIDC_PROVIDERS;
});

describe('when the client secrets cannot be read', () => {
  it('pressing a provider button comes back to the sign-in page with a clear message, not an error', async () => {
    const start = await app.fetch(new Request(`${APP_ORIGIN}/auth/oidc/sso/start`));
    expect(start.status).toBe(302);
    expect(start.headers.get('location')).toBe('/login?problem=provider-unavailable');
    const page = await (await app.fetch(new Request(`${APP_ORIGIN}${start.headers.get('location')}`))).text();
    expect(page).toContain('The identity provider cannot be reached right now.');
  });

  it('a callback comes back to the sign-in page with the same message (and without the code in the address)', async () => {
    const callback = await app.fetch(new Request(`${APP_ORIGIN}/auth/oidc/sso/callback?code=x&state=y`));
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/login?problem=provider-unavailable');
    const page = await (await app.fetch(new Request(`${APP_ORIGIN}${callback.headers.get('location')}`))).text();
    expect(page).toContain('The identity provider cannot be reached right now.');
  });
});

describe('with passwords turned off', () => {
  it('the sign-in page shows the providers and no password form', async () => {
    const html = await (await app.fetch(new Request(`${APP_ORIGIN}/login`))).text();
    expect(html).toContain('Sign in with XYZ SSO');
    expect(html).not.toContain('name="password"');
    expect(html).toContain('Sign in with your company account to create your profile');
  });

  it('a right password is refused, with no session', async () => {
    const response = await app.fetch(
      formPost('/login', { email: cast.active.employee.workEmail, password: CAST_PASSWORD }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().some((cookie) => /^session=[^;]/.test(cookie))).toBe(false);
    expect(await response.text()).toContain('Passwords are turned off here: sign in with your company account.');
  });
});
