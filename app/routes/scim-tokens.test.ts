/**
 * SCIM connection tokens through the production bundle (docs/decisions/330-scim-tokens.md):
 * HR's page (HR only; a bad form says which field and stores nothing; a token shown once with the base URL; the
 * list, a confirmed revocation and the history), the token on the discovery endpoints (401 when missing,
 * unknown, expired or revoked; the product extension from HR's fields; 404 for an unknown schema; 429 with
 * Retry-After on a flood; the connection named on the log line), and a token never granting a page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from '@test-support/http/app-under-test';
import { addPerson, formPost, signIn, type Person } from '@test-support/http/people';
import { createScimToken, listScimTokens, revokeScimToken } from '~/models/scim-tokens.server';
import { scimTokensSection } from '~/services/personal-archive/scim-tokens-section.server';

const PRODUCT_SCHEMA = 'urn:xyz:params:scim:schemas:extension:people:2.0:User';

describe('SCIM tokens and discovery', () => {
  let app: AppUnderTest;
  /** HR and one employee: all the sign-ins this suite needs (each costs a password hash). */
  let cast: { admin: Person; active: Person };
  /** The token HR created on the page, used by the discovery tests. */
  let token = '';

  const scimGet = (path: string, bearer: string | null, requestLog: Record<string, string | number | undefined> = {}) =>
    app.fetch(
      new Request(`${APP_ORIGIN}/scim/v2${path}`, {
        headers: bearer === null ? {} : { Authorization: `Bearer ${bearer}` },
      }),
      { requestLog },
    );
  const page = (cookie: string, search = '') =>
    app.fetch(new Request(`${APP_ORIGIN}/admin/scim${search}`, { headers: { cookie } }));
  /** A page's HTML as read: without the comments React puts between a text and an expression beside it. */
  const textOf = async (response: Response) => (await response.text()).replaceAll('<!-- -->', '');

  beforeAll(async () => {
    app = await startAppUnderTest();
    const [admin, active] = await Promise.all([
      addPerson(app, 'Hera', 'active', 'admin'),
      addPerson(app, 'Ada', 'active'),
    ]);
    cast = {
      admin: { employee: admin, cookie: await signIn(app, admin) },
      active: { employee: active, cookie: await signIn(app, active) },
    };
  }, 60_000);
  afterAll(async () => app?.close());

  it('is for HR only', async () => {
    expect((await page(cast.active.cookie)).status).toBe(403);
    expect((await page(cast.admin.cookie)).status).toBe(200);
    const post = await app.fetch(
      formPost('/admin/scim', { intent: 'create', name: 'x', expiresInDays: '30' }, cast.active.cookie),
    );
    expect(post.status).toBe(403);
    expect(await listScimTokens(app.platform.db)).toEqual([]);
  });

  it('refuses a form without a name or an offered expiry, naming the field, and stores nothing', async () => {
    const noName = await app.fetch(
      formPost('/admin/scim', { intent: 'create', name: '  ', expiresInDays: '30' }, cast.admin.cookie),
    );
    expect(noName.status).toBe(400);
    expect(await noName.text()).toContain('Name the connection');
    const forever = await app.fetch(
      formPost('/admin/scim', { intent: 'create', name: 'Entra ID', expiresInDays: '100000' }, cast.admin.cookie),
    );
    expect(forever.status).toBe(400);
    expect(await forever.text()).toContain('Choose when the token expires');
    expect(await listScimTokens(app.platform.db)).toEqual([]);
  });

  it('creates a token shown once with the base URL, and lists it with its creator', async () => {
    const created = await app.fetch(
      formPost(
        '/admin/scim',
        { intent: 'create', name: 'Entra ID production', expiresInDays: '90' },
        cast.admin.cookie,
      ),
    );
    expect(created.status).toBe(200);
    const html = await created.text();
    token = /value="(scim_[A-Za-z0-9_-]{43})"/.exec(html)?.[1] ?? '';
    expect(token).not.toBe('');
    expect(html).toContain(`value="${APP_ORIGIN}/scim/v2"`);

    const listed = await textOf(await page(cast.admin.cookie));
    expect(listed).not.toContain(token);
    expect(listed).toContain('Entra ID production');
    expect(listed).toContain(`by ${cast.admin.employee.firstName} ${cast.admin.employee.lastName}`);
    expect(listed).toMatch(
      /Hera Admin created the token “Entra ID production”|created the token “Entra ID production”/,
    );
  });

  it('lists the tokens an HR person created in their "My data": names and dates, never the token or its hash', async () => {
    const { data } = await scimTokensSection.collect({
      platform: app.platform,
      employeeId: cast.admin.employee.id,
      viewer: null,
    });
    expect(data).toEqual([
      {
        name: 'Entra ID production',
        createdAt: expect.any(String),
        expiresAt: expect.any(String),
        lastUsedAt: null,
        revokedAt: null,
      },
    ]);
    expect(
      (await scimTokensSection.collect({ platform: app.platform, employeeId: cast.active.employee.id, viewer: null }))
        .data,
    ).toEqual([]);
  });

  it('answers the discovery endpoints to the token, in SCIM form, and notes when it was used', async () => {
    const requestLog: Record<string, string | number | undefined> = {};
    const config = await scimGet('/ServiceProviderConfig', token, requestLog);
    expect(config.status).toBe(200);
    expect(config.headers.get('content-type')).toBe('application/scim+json');
    expect(await config.json()).toMatchObject({ patch: { supported: true }, bulk: { supported: false } });
    // The log line names the connection and the operation, nothing else of the request.
    expect(requestLog).toMatchObject({
      scimConnection: 'Entra ID production',
      scimOperation: 'ServiceProviderConfig.get',
    });
    expect((await listScimTokens(app.platform.db))[0]!.lastUsedAt).toBeInstanceOf(Date);

    expect((await (await scimGet('/ResourceTypes', token)).json()).Resources[0].id).toBe('User');
    expect((await scimGet('/ResourceTypes/User', token)).status).toBe(200);
    const group = await scimGet('/ResourceTypes/Group', token);
    expect(group.status).toBe(404);
    expect(await group.json()).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '404',
    });
    expect((await scimGet('/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group', token)).status).toBe(404);
  });

  it("builds the product extension from HR's fields at request time", async () => {
    const added = await app.fetch(
      formPost(
        '/admin/fields',
        {
          intent: 'add',
          key: 'cost_centre',
          type: 'one-choice',
          label: 'Cost centre',
          visibility: 'hr',
          editableBy: 'hr',
          options: 'North\nSouth',
        },
        cast.admin.cookie,
      ),
    );
    expect(added.status).toBe(200);
    const schemas = await (await scimGet('/Schemas', token)).json();
    expect(schemas.Resources.map((schema: { id: string }) => schema.id)).toContain(PRODUCT_SCHEMA);
    const product = await (await scimGet(`/Schemas/${PRODUCT_SCHEMA}`, token)).json();
    expect(product.attributes).toEqual([
      expect.objectContaining({
        name: 'cost_centre',
        type: 'string',
        mutability: 'readWrite',
        canonicalValues: expect.any(Array),
      }),
    ]);
  });

  it('answers 401 in SCIM form to a missing, unknown, expired or revoked token', async () => {
    const { db } = app.platform;
    const expired = await createScimToken(db, { name: 'old', createdBy: null, expiresAt: new Date(Date.now() - 1000) });
    const revoked = await createScimToken(db, {
      name: 'gone',
      createdBy: null,
      expiresAt: new Date(Date.now() + 60_000),
    });
    await revokeScimToken(db, revoked.id);
    for (const bearer of [null, 'scim_unknown', expired.token, revoked.token, `${token}x`]) {
      const response = await scimGet('/Schemas', bearer);
      expect(response.status, String(bearer)).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      expect(await response.json()).toMatchObject({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: '401',
      });
    }
    // A cookie is no way in either: SCIM reads only the bearer token.
    const withCookie = await app.fetch(
      new Request(`${APP_ORIGIN}/scim/v2/Schemas`, { headers: { cookie: cast.admin.cookie } }),
    );
    expect(withCookie.status).toBe(401);
  });

  it('never opens a page to a token: without a session cookie a page sends the caller to sign in', async () => {
    for (const path of ['/admin/scim', '/admin', '/employees', '/me']) {
      const response = await app.fetch(
        new Request(`${APP_ORIGIN}${path}`, { headers: { Authorization: `Bearer ${token}` } }),
      );
      expect(response.status, path).toBe(302);
      expect(response.headers.get('location'), path).toMatch(/^\/login\?/);
    }
  });

  it('answers a flood from one token with 429 and Retry-After, and serves another token meanwhile', async () => {
    const { db } = app.platform;
    const flood = await createScimToken(db, {
      name: 'flood',
      createdBy: null,
      expiresAt: new Date(Date.now() + 60_000),
    });
    let refused: Response | null = null;
    let served = 0;
    for (let i = 0; i < 400 && !refused; i += 1) {
      const response = await scimGet('/ServiceProviderConfig', flood.token);
      if (response.status === 429) refused = response;
      else served += 1;
    }
    expect(served).toBeGreaterThanOrEqual(100);
    expect(refused?.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(await refused!.json()).toMatchObject({ status: '429' });
    expect((await scimGet('/ServiceProviderConfig', token)).status).toBe(200);
  });

  it('revokes a token after a confirmation: the connection is refused at once, and the history says who', async () => {
    const [entra] = (await listScimTokens(app.platform.db)).filter((listed) => listed.name === 'Entra ID production');
    const confirm = await textOf(await page(cast.admin.cookie, `?revoke=${entra!.id}`));
    expect(confirm).toContain('Revoke “Entra ID production”?');
    const revoked = await app.fetch(formPost('/admin/scim', { intent: 'revoke', id: entra!.id }, cast.admin.cookie));
    expect(revoked.status).toBe(200);
    expect((await scimGet('/ServiceProviderConfig', token)).status).toBe(401);
    const again = await app.fetch(formPost('/admin/scim', { intent: 'revoke', id: entra!.id }, cast.admin.cookie));
    expect(again.status).toBe(400);
    const history = await textOf(await page(cast.admin.cookie));
    expect(history).toContain('revoked the token “Entra ID production”');
    expect(history).toContain('created the token “Entra ID production”');
  });
});
