/**
 * Sign-in through the company's identity provider (decision 310), end to end on the production bundle: the real
 * code flow against the local stand-in provider (oidc-provider, in-process on a loopback port), each refusal
 * with the page a person reads and nothing stored (tables fingerprinted before and after), and the link's
 * traces: the row, the domain event, the activity entry; the admin's unlink; RP-initiated logout. Run by
 * app/routes/oidc-sign-in.test.ts (SQLite) and oidc-sign-in.mariadb.test.ts (MariaDB, as RDS MySQL is
 * to production).
 */
import fs from 'node:fs';
import { parseHTML } from 'linkedom';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDialect } from '../databases';
import { writeTestJpeg } from '../photos';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from '../http/app-under-test';
import { createCast, formPost, signIn, type Cast } from '../http/people';
import { changedTables, fingerprintTables } from '../http/store-fingerprint';
import { idTokenForOtherClient, signInAtProvider, startTestIdp, testProvidersEnv, type TestIdp } from './test-idp';
import {
  employeesNamed,
  eventTypesOf as storedEventTypes,
  linksOf as storedLinks,
  setEmployeeStatusDirectly,
} from './stored-rows';
import { listActivity } from '~/models/metadata.server';
import { metadataTable } from '@shared/metadata-table';

export function runSignInSuite(dialect: TestDialect) {
  describe(`sign-in through the identity provider (${dialect})`, () => {
    let idp: TestIdp;
    let app: AppUnderTest;
    let cast: Cast;

    const NEWCOMER = {
      subject: 'sub-nia',
      email: 'nia.newcomer@xyz.example',
      givenName: 'Nia',
      familyName: 'Newcomer',
    };
    const NEWCOMER_WITH_PHOTO = {
      subject: 'sub-oli',
      email: 'oli.portrait@xyz.example',
      givenName: 'Oli',
      familyName: 'Portrait',
    };
    const PARTNER = { subject: 'sub-pat', email: 'pat@partner.example', givenName: 'Pat', familyName: 'Partner' };
    const UNVERIFIED = {
      subject: 'sub-uma',
      email: 'uma@xyz.example',
      givenName: 'Uma',
      familyName: 'Unverified',
      emailVerified: false,
    };

    beforeAll(async () => {
      idp = await startTestIdp({ appOrigin: APP_ORIGIN });
      process.env.OIDC_PROVIDERS = testProvidersEnv(idp.issuer);
      app = await startAppUnderTest({ dialect });
      cast = await createCast(app);
      for (const [who, person] of [
        ['ada', cast.active],
        ['dora', cast.deactivated],
        ['penny', cast.pending],
        ['hera', cast.admin],
      ] as const) {
        idp.addAccount({
          subject: `sub-${who}`,
          email: person.employee.workEmail,
          givenName: person.employee.firstName,
          familyName: person.employee.lastName,
        });
      }
      for (const account of [NEWCOMER, NEWCOMER_WITH_PHOTO, PARTNER, UNVERIFIED]) idp.addAccount(account);
    });

    afterAll(async () => {
      await app?.close();
      await idp?.stop();
      delete process.env.OIDC_PROVIDERS;
    });

    const firstCookie = (response: Response, name: string): string => {
      const line = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`));
      if (!line) throw new Error(`no ${name} cookie in ${JSON.stringify(response.headers.getSetCookie())}`);
      return line.split(';')[0]!;
    };

    /** Press "Sign in with …": the app's redirect to the provider and the flow cookie it set. */
    async function startSignIn(provider = 'sso') {
      const response = await app.fetch(new Request(`${APP_ORIGIN}/auth/oidc/${provider}/start`));
      expect(response.status).toBe(302);
      return { authorizationUrl: response.headers.get('location')!, flowCookie: firstCookie(response, 'oidc-flow') };
    }

    function callback(url: URL, cookie: string) {
      return app.fetch(new Request(url.href, { headers: { cookie } }));
    }

    /** The whole flow as a browser runs it; the callback's response. */
    async function signInThroughProvider(email: string, provider = 'sso', jar = new Map<string, string>()) {
      const { authorizationUrl, flowCookie } = await startSignIn(provider);
      const back = await signInAtProvider(authorizationUrl, email, { appOrigin: APP_ORIGIN, jar });
      return { response: await callback(back, flowCookie), back, flowCookie, authorizationUrl };
    }

    const linksOf = (employeeId: string) => storedLinks(app.platform, employeeId);
    const eventTypesOf = (employeeId: string) => storedEventTypes(app.platform, employeeId);

    /**
     * The callback's redirect to the refusal page, at an address without the provider's code and state, and no
     * cookie that signs anyone in; then the page: 403 and the reason's message.
     */
    async function expectRefusal(response: Response, text: RegExp) {
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/auth/oidc/refused');
      expect(response.headers.getSetCookie().some((cookie) => /^session=[^;]/.test(cookie))).toBe(false);
      const page = await app.fetch(
        new Request(`${APP_ORIGIN}/auth/oidc/refused`, { headers: { cookie: firstCookie(response, 'oidc-refusal') } }),
      );
      const html = await page.text();
      // The alert's text, so that a failure shows what the person read instead.
      const alert = /role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? `(no alert) ${page.status}`;
      expect(alert).toMatch(text);
      expect(page.status).toBe(403);
      expect(page.headers.getSetCookie().some((cookie) => /^session=[^;]/.test(cookie))).toBe(false);
      return html;
    }

    describe('the sign-in page', () => {
      it('shows a button per configured provider beside the password form', async () => {
        const html = await (await app.fetch(new Request(`${APP_ORIGIN}/login`))).text();
        expect(html).toContain('href="/auth/oidc/sso/start"');
        expect(html).toContain('Sign in with XYZ SSO');
        expect(html).toContain('name="password"');
      });
    });

    describe('a first sign-in through the provider', () => {
      it('links the identity to the active employee with that verified email and signs them in', async () => {
        const ada = cast.active.employee;
        const { response } = await signInThroughProvider(ada.workEmail);
        expect(response.status).toBe(302);
        expect(response.headers.get('location')).toBe('/me');
        const session = firstCookie(response, 'session');
        expect(response.headers.getSetCookie().some((cookie) => cookie.startsWith('oidc-flow=;'))).toBe(true);

        const me = await app.fetch(new Request(`${APP_ORIGIN}/me`, { headers: { cookie: session } }));
        expect(me.status).toBe(200);
        expect(await me.text()).toContain(ada.workEmail);

        expect(await linksOf(ada.id)).toEqual([
          expect.objectContaining({ issuer: idp.issuer, subject: 'sub-ada', provider_id: 'sso' }),
        ]);
        expect(await eventTypesOf(ada.id)).toContain('employee.identity-linked');
        const activity = await listActivity(metadataTable(app.platform), ada.id);
        expect(activity.entries.map((entry) => entry.action)).toContain('identity.linked');
      });

      it('signs a linked identity in again without linking twice, each time with a new session', async () => {
        const ada = cast.active.employee;
        const first = firstCookie((await signInThroughProvider(ada.workEmail)).response, 'session');
        const second = firstCookie((await signInThroughProvider(ada.workEmail)).response, 'session');
        expect(second).not.toBe(first);
        expect(await linksOf(ada.id)).toHaveLength(1);
      });
    });

    describe('a new colleague', () => {
      it('gets the /join onboarding prefilled with the names the provider gave, and nothing is created before it is sent', async () => {
        const before = await fingerprintTables(app.platform);
        const { response } = await signInThroughProvider(NEWCOMER.email);
        expect(response.status).toBe(302);
        expect(response.headers.get('location')).toBe('/auth/oidc/onboarding');
        const onboarding = firstCookie(response, 'oidc-onboarding');

        const page = await app.fetch(
          new Request(`${APP_ORIGIN}/auth/oidc/onboarding`, { headers: { cookie: onboarding } }),
        );
        expect(page.status).toBe(200);
        const html = await page.text();
        expect(html).toMatch(/name="firstName"[^>]*value="Nia"/);
        expect(html).toMatch(/name="lastName"[^>]*value="Newcomer"/);
        const emailInput = /<input[^>]*name="workEmail"[^>]*>/.exec(html)?.[0] ?? '';
        expect(emailInput).toContain('value="nia.newcomer@xyz.example"');
        expect(emailInput).toMatch(/readonly/i);
        expect(html).not.toContain('name="password"');
        expect(changedTables(before, await fingerprintTables(app.platform))).toEqual([]);

        // In German for a German browser: its own words, and the profile form's (checked on elements: the page
        // carries its catalogue in an inline script).
        const german = parseHTML(
          await (
            await app.fetch(
              new Request(`${APP_ORIGIN}/auth/oidc/onboarding`, {
                headers: { cookie: onboarding, 'accept-language': 'de' },
              }),
            )
          ).text(),
        ).document;
        expect(german.documentElement.getAttribute('lang')).toBe('de');
        expect(german.querySelector('[data-testid="onboarding-title"]')?.textContent).toBe('Legen Sie Ihr Profil an');
        expect(german.querySelector('label[for="field-firstName"]')?.textContent).toBe('Vorname');
        expect(german.querySelector('[data-testid="onboarding-submit"]')?.textContent).toBe('Mein Profil anlegen');

        const created = await app.fetch(
          formPost(
            '/auth/oidc/onboarding',
            {
              firstName: 'Nia',
              lastName: 'Newcomer',
              // The provider's email wins over anything the form says.
              workEmail: 'someone.else@xyz.example',
              jobTitle: 'Analyst',
              department: 'Finance',
            },
            onboarding,
          ),
        );
        expect(created.status).toBe(302);
        expect(created.headers.get('location')).toBe('/me?welcome=1');
        const session = firstCookie(created, 'session');
        const [employee] = await employeesNamed(app.platform, 'Nia');
        expect(employee).toMatchObject({ status: 'pending', work_email: NEWCOMER.email });
        expect(await linksOf(employee!.id)).toEqual([expect.objectContaining({ subject: 'sub-nia' })]);
        expect(await eventTypesOf(employee!.id)).toEqual(['employee.created', 'employee.identity-linked']);
        const me = await app.fetch(new Request(`${APP_ORIGIN}/me`, { headers: { cookie: session } }));
        expect(me.status).toBe(200);

        // Next time the provider signs them straight in.
        const again = (await signInThroughProvider(NEWCOMER.email)).response;
        expect(again.headers.get('location')).toBe('/me');
      });

      it('sends a photo with the onboarding form, as with /join: it is stored with the new profile', async () => {
        const { response } = await signInThroughProvider(NEWCOMER_WITH_PHOTO.email);
        const onboarding = firstCookie(response, 'oidc-onboarding');
        const page = await app.fetch(
          new Request(`${APP_ORIGIN}/auth/oidc/onboarding`, { headers: { cookie: onboarding } }),
        );
        const html = await page.text();
        expect(html).toMatch(/<input[^>]*type="file"[^>]*name="photo"|<input[^>]*name="photo"[^>]*type="file"/);
        // The face-check notice with its two answers, neither chosen (docs/decisions/206-face-check-consent.md).
        expect(html).toContain('Consent to the face check');
        expect(
          html.match(/<input[^>]*name="faceCheckConsent"[^>]*>/g)?.map((input) => input.includes('checked')),
        ).toEqual([false, false]);

        const form = new FormData();
        for (const [name, value] of Object.entries({
          firstName: 'Oli',
          lastName: 'Portrait',
          jobTitle: 'Analyst',
          department: 'Finance',
        }))
          form.set(name, value);
        form.set('photo', new Blob([fs.readFileSync(await writeTestJpeg())], { type: 'image/jpeg' }), 'me.jpg');
        form.set('faceCheckConsent', 'declined');
        const created = await app.fetch(
          new Request(`${APP_ORIGIN}/auth/oidc/onboarding`, {
            method: 'POST',
            headers: { origin: APP_ORIGIN, cookie: onboarding },
            body: form,
          }),
        );
        expect(created.status).toBe(302);
        expect(created.headers.get('location')).toBe('/me?welcome=1');
        const [employee] = await employeesNamed(app.platform, 'Oli');
        // Pending until the photo function has checked it (it may have been promoted by now).
        const [row] = await app.platform.db.sequelize.query<{
          pending_photo_id: string | null;
          photo_id: string | null;
        }>('SELECT pending_photo_id, photo_id FROM employees WHERE id = :id', {
          replacements: { id: employee!.id },
          type: QueryTypes.SELECT,
        });
        expect(row?.pending_photo_id ?? row?.photo_id).toEqual(expect.any(String));
        // The answer is recorded where it was given; declined, the photo is not checked but looked at by HR.
        const consents = await app.platform.db.sequelize.query<{ choice: string; place: string }>(
          'SELECT choice, place FROM face_check_consents WHERE employee_id = :id',
          { replacements: { id: employee!.id }, type: QueryTypes.SELECT },
        );
        expect(consents).toEqual([{ choice: 'declined', place: 'sso-onboarding' }]);
      });

      it('cannot reach the onboarding form without the provider having vouched for them', async () => {
        const response = await app.fetch(new Request(`${APP_ORIGIN}/auth/oidc/onboarding`));
        expect(response.status).toBe(302);
        expect(response.headers.get('location')).toMatch(/^\/login\?problem=no-flow/);
      });
    });

    describe('refused, with a clear page, and nothing stored', () => {
      let before: Awaited<ReturnType<typeof fingerprintTables>>;
      const nothingStored = async () =>
        expect(changedTables(before, await fingerprintTables(app.platform))).toEqual([]);

      it('a tampered state', async () => {
        before = await fingerprintTables(app.platform);
        const { authorizationUrl, flowCookie } = await startSignIn();
        const back = await signInAtProvider(authorizationUrl, cast.active.employee.workEmail, {
          appOrigin: APP_ORIGIN,
        });
        const exchanges = idp.tokenRequests;
        back.searchParams.set('state', `${back.searchParams.get('state')}x`);
        const refused = await callback(back, flowCookie);
        await expectRefusal(refused, /does not belong to the sign-in started in this browser/);
        expect(idp.tokenRequests).toBe(exchanges);
        await nothingStored();
      });

      it('a callback without the flow cookie (another browser)', async () => {
        before = await fingerprintTables(app.platform);
        const { authorizationUrl } = await startSignIn();
        const back = await signInAtProvider(authorizationUrl, cast.active.employee.workEmail, {
          appOrigin: APP_ORIGIN,
        });
        await expectRefusal(await callback(back, ''), /started in another browser/);
        await nothingStored();
      });

      it('a replayed code', async () => {
        const { response, back, flowCookie } = await signInThroughProvider(cast.active.employee.workEmail);
        expect(response.status).toBe(302);
        before = await fingerprintTables(app.platform);
        await expectRefusal(await callback(back, flowCookie), /already used or has expired/);
        await nothingStored();
      });

      it('an ID token issued to another application (wrong audience)', async () => {
        before = await fingerprintTables(app.platform);
        const { authorizationUrl, flowCookie } = await startSignIn();
        const nonce = new URL(authorizationUrl).searchParams.get('nonce')!;
        // A real token, signed by the same provider for the same person and nonce, but for the other client.
        const otherToken = await idTokenForOtherClient(idp, NEWCOMER.email, nonce);
        const claims = JSON.parse(Buffer.from(otherToken.split('.')[1]!, 'base64url').toString('utf8')) as Record<
          string,
          unknown
        >;
        expect(claims).toMatchObject({ aud: 'other-app', nonce, iss: idp.issuer, email: NEWCOMER.email });
        idp.swapNextIdToken(otherToken);
        const back = await signInAtProvider(authorizationUrl, NEWCOMER.email, { appOrigin: APP_ORIGIN });
        await expectRefusal(await callback(back, flowCookie), /was not issued for XYZ People/);
        await nothingStored();
      });

      it('an expired ID token', async () => {
        before = await fingerprintTables(app.platform);
        const { authorizationUrl, flowCookie } = await startSignIn('sso-short');
        const back = await signInAtProvider(authorizationUrl, cast.active.employee.workEmail, {
          appOrigin: APP_ORIGIN,
        });
        // A one-second ID token (this client's setting at the provider) that reaches the app two seconds late.
        idp.delayNextTokenResponse(2_100);
        await expectRefusal(await callback(back, flowCookie), /had expired/);
        await nothingStored();
      });

      it('an email outside the allowed domains', async () => {
        before = await fingerprintTables(app.platform);
        await expectRefusal((await signInThroughProvider(PARTNER.email)).response, /not an XYZ work email/);
        await nothingStored();
      });

      it('an email the provider has not verified', async () => {
        before = await fingerprintTables(app.platform);
        await expectRefusal((await signInThroughProvider(UNVERIFIED.email)).response, /has not verified your email/);
        await nothingStored();
      });

      it('a deactivated employee', async () => {
        before = await fingerprintTables(app.platform);
        const html = await expectRefusal(
          (await signInThroughProvider(cast.deactivated.employee.workEmail)).response,
          /Your account has been deactivated/,
        );
        expect(html).toContain(cast.admin.employee.workEmail);
        await nothingStored();
      });

      it('a pending profile (not yet checked by HR): no link', async () => {
        before = await fingerprintTables(app.platform);
        await expectRefusal((await signInThroughProvider(cast.pending.employee.workEmail)).response, /waiting for HR/);
        await nothingStored();
      });

      it('an employee deactivated after their identity was linked', async () => {
        const hera = cast.admin.employee;
        expect((await signInThroughProvider(hera.workEmail)).response.status).toBe(302);
        await setEmployeeStatusDirectly(app.platform, hera.id, 'inactive');
        try {
          before = await fingerprintTables(app.platform);
          await expectRefusal((await signInThroughProvider(hera.workEmail)).response, /deactivated/);
          await nothingStored();
        } finally {
          await setEmployeeStatusDirectly(app.platform, hera.id, 'active');
        }
      });
    });

    describe('signing out', () => {
      it('ends the session here and sends the browser to the provider to end its session too', async () => {
        const providerCookies = new Map<string, string>();
        const { response } = await signInThroughProvider(cast.active.employee.workEmail, 'sso', providerCookies);
        const cookies = [firstCookie(response, 'session'), firstCookie(response, 'oidc-signout')].join('; ');
        const out = await app.fetch(formPost('/logout', {}, cookies));
        expect(out.status).toBe(302);
        const location = new URL(out.headers.get('location')!);
        expect(location.origin).toBe(idp.issuer);
        expect(location.searchParams.get('post_logout_redirect_uri')).toBe(`${APP_ORIGIN}/login`);
        expect(location.searchParams.get('id_token_hint')).toBeTruthy();
        const me = await app.fetch(new Request(`${APP_ORIGIN}/me`, { headers: { cookie: cookies } }));
        expect(me.status).toBe(302);
        expect(me.headers.get('location')).toMatch(/^\/login/);
        // The provider accepts the request and offers to end its own session, which this browser still has.
        const atProvider = await fetch(location, {
          headers: { cookie: [...providerCookies].map(([name, value]) => `${name}=${value}`).join('; ') },
        });
        expect(atProvider.status).toBe(200);
        expect(await atProvider.text()).toContain('Sign out of XYZ SSO too?');
      });

      it('after a password sign-in, only ends the session here', async () => {
        const out = await app.fetch(formPost('/logout', {}, await signIn(app, cast.colleague.employee)));
        expect(out.headers.get('location')).toBe('/login');
      });
    });

    describe('the admin employee page', () => {
      it('lists linked identities and removes one, with an event and an activity entry', async () => {
        const ada = cast.active.employee;
        const page = await app.fetch(
          new Request(`${APP_ORIGIN}/admin/employees/${ada.id}`, { headers: { cookie: cast.admin.cookie } }),
        );
        expect(await page.text()).toContain('Sign-in identities');
        const [link] = await linksOf(ada.id);

        const refused = await app.fetch(
          formPost(
            `/admin/employees/${ada.id}/identities`,
            { intent: 'unlink', linkId: link!.id },
            cast.colleague.cookie,
          ),
        );
        expect(refused.status).toBe(403);
        expect(await linksOf(ada.id)).toHaveLength(1);

        const removed = await app.fetch(
          formPost(`/admin/employees/${ada.id}/identities`, { intent: 'unlink', linkId: link!.id }, cast.admin.cookie),
        );
        expect(removed.status).toBe(302);
        expect(removed.headers.get('location')).toBe(`/admin/employees/${ada.id}?notice=identity-removed#identities`);
        expect(await linksOf(ada.id)).toEqual([]);
        expect(await eventTypesOf(ada.id)).toContain('employee.identity-unlinked');
        const activity = await listActivity(metadataTable(app.platform), ada.id);
        expect(activity.entries.map((entry) => entry.action)).toContain('identity.unlinked');
      });
    });
  });
}
