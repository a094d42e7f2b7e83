/**
 * The authorisation matrix (decision 309), run by app/routes/authorization-matrix*.test.ts (SQLite, and
 * MariaDB as production's database engine): every loader and action of every route file × every kind of visitor
 * -> what they get, through hand-made requests against the production bundle's request handler, with sessions
 * made by signing in (test-support/http/people.ts).
 *
 * The routes come from app/routes/ at test time: a route file without an entry in MATRIX fails the first test,
 * naming it. Adding one is one line: its URL and a policy per method (the policies below, or a row of its own).
 *
 * Each cell is one request. "GET" is the page as a browser loads it (every loader on the path runs); "GET data"
 * asks for that route's loader alone, as client-side navigation does (`<path>.data?_routes=<id>`), so a child
 * route that leaves the guard to its layout is caught; "POST" sends an empty form from our own origin.
 * Outcomes: a status, or `→/path` for a redirect there (query ignored).
 *
 * Set MATRIX_PRINT=1 to print the observed matrix (for reviewing a new route's row).
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renditionKey } from '@shared/contracts/s3-keys';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from './app-under-test';
import { createCast, signIn, type Cast, type Person } from './people';
import { exportedHandlers, routeModuleIds } from './route-files';
import type { TestDialect } from '../databases';

const ROLES = ['visitor', 'pending', 'activeOwn', 'activeOther', 'deactivated', 'admin'] as const;
type Role = (typeof ROLES)[number];
type Outcome = number | `→${string}`;
type Policy = Record<Role, Outcome>;
type Method = 'GET' | 'GET data' | 'POST';

/** Same outcome for everyone. */
const everyone = (outcome: Outcome): Policy =>
  Object.fromEntries(ROLES.map((role) => [role, outcome])) as Record<Role, Outcome>;

// A deactivated employee's session ended when HR deactivated them: they are a visitor again.
/** Signed-in employees, pending included (their own profile). */
const signedIn = (ok: Outcome): Policy => ({ ...everyone(ok), visitor: '→/login', deactivated: '→/login' });
/** Active employees only: a pending one is sent to their own profile. */
const activeOnly = (ok: Outcome): Policy => ({ ...signedIn(ok), pending: '→/me' });
/** Active HR admins only: any other signed-in employee gets 403. */
const adminOnly = (ok: Outcome): Policy => ({ ...signedIn(403), admin: ok });
/** Pages for people who are not signed in (sign in, join): a signed-in employee is sent on. */
const signedOutPage = (signedInTarget: Outcome): Policy => ({
  ...everyone(signedInTarget),
  visitor: 200,
  deactivated: 200,
});

interface Targets {
  /** The employee a role's request is about: themselves ("own"), or an active colleague ("other"). */
  subject: Person;
  photoId: string;
}

interface MatrixRow {
  url: (targets: Targets) => string;
  GET?: Policy;
  'GET data'?: Policy;
  POST?: Policy;
  /** POST signs the person out (logout): each cell gets a fresh session. */
  postEndsSession?: boolean;
}

export const MATRIX: Record<string, MatrixRow> = {
  'routes/_index': { url: () => '/', GET: { ...everyone('→/employees'), visitor: '→/login', deactivated: '→/login' } },
  'routes/admin': { url: () => '/admin', GET: adminOnly(200), 'GET data': adminOnly(200) },
  'routes/admin._index': {
    url: () => '/admin?index',
    GET: adminOnly(200),
    'GET data': adminOnly(200),
    POST: adminOnly(200),
  },
  'routes/admin.employees.$id': {
    url: ({ subject }) => `/admin/employees/${subject.employee.id}`,
    GET: adminOnly(200),
    'GET data': adminOnly(200),
    POST: adminOnly(200),
  },
  // An empty form: 400 for the admin (which identity?); nobody else gets that far.
  'routes/admin.employees.$id.identities': {
    url: ({ subject }) => `/admin/employees/${subject.employee.id}/identities`,
    POST: adminOnly(400),
  },
  // HR's copy of anyone's archive ("My data"); a download, so no page data.
  'routes/admin.employees.$id.data[.]zip': {
    url: ({ subject }) => `/admin/employees/${subject.employee.id}/data.zip`,
    GET: adminOnly(200),
  },
  // The subject is active, so the admin's page says it cannot be erased (200) and the empty form is refused (400:
  // no reason); nobody else gets that far.
  'routes/admin.employees_.$id.erase': {
    url: ({ subject }) => `/admin/employees/${subject.employee.id}/erase`,
    GET: adminOnly(200),
    'GET data': adminOnly(200),
    POST: adminOnly(400),
  },
  'routes/admin.export[.]csv': { url: () => '/admin/export.csv', GET: adminOnly(200) },
  // HR's field definitions: an empty form names no action (400).
  'routes/admin.fields': {
    url: () => '/admin/fields',
    GET: adminOnly(200),
    'GET data': adminOnly(200),
    POST: adminOnly(400),
  },
  // HR's decisions on changes waiting for approval: an empty form names no decision (400).
  'routes/admin.field-changes': {
    url: () => '/admin/field-changes',
    GET: adminOnly(200),
    'GET data': adminOnly(200),
    POST: adminOnly(400),
  },
  'routes/admin.import': {
    url: () => '/admin/import',
    GET: adminOnly(200),
    'GET data': adminOnly(200),
    POST: adminOnly(400),
  },
  'routes/admin.insights': { url: () => '/admin/insights', GET: adminOnly(200), 'GET data': adminOnly(200) },
  'routes/admin.insights.$file': { url: () => '/admin/insights/joiners-and-leavers.csv', GET: adminOnly(200) },
  'routes/admin.insights.charts[.]json': { url: () => '/admin/insights/charts.json', GET: adminOnly(200) },
  'routes/admin.notifications': { url: () => '/admin/notifications', GET: adminOnly(200), 'GET data': adminOnly(200) },
  'routes/admin.org-health': { url: () => '/admin/org-health', GET: adminOnly(200), 'GET data': adminOnly(200) },
  'routes/admin.people': { url: () => '/admin/people', GET: adminOnly(200), 'GET data': adminOnly(200) },
  // HR's SCIM connection tokens: an empty form names no action (400).
  'routes/admin.scim': {
    url: () => '/admin/scim',
    GET: adminOnly(200),
    'GET data': adminOnly(200),
    POST: adminOnly(400),
  },
  // Webhooks to other systems: an empty form names no action (400).
  'routes/admin.webhooks': {
    url: () => '/admin/webhooks',
    GET: adminOnly(200),
    'GET data': adminOnly(200),
    POST: adminOnly(400),
  },
  // Joining is open to anyone with a join link (docs/decisions/318-join-proves-the-work-address.md); the JSON twin
  // answers the empty form, which has no link's token, 400.
  'routes/api.join': { url: () => '/api/join', GET: everyone(404), POST: everyone(400) },
  'routes/api.me.photo': {
    url: () => '/api/me/photo',
    GET: everyone(404),
    POST: { ...signedIn(400), visitor: 401, deactivated: 401 },
  },
  'routes/api.people': { url: () => '/api/people?q=Br', GET: everyone(200) },
  // SCIM answers a connection's bearer token only, never a session: 401 to everyone here (no token), whoever is
  // signed in (docs/decisions/330-scim-tokens.md).
  'routes/scim.v2.ServiceProviderConfig': {
    url: () => '/scim/v2/ServiceProviderConfig',
    GET: everyone(401),
  },
  'routes/scim.v2.ResourceTypes._index': {
    url: () => '/scim/v2/ResourceTypes',
    GET: everyone(401),
  },
  'routes/scim.v2.ResourceTypes.$id': {
    url: () => '/scim/v2/ResourceTypes/User',
    GET: everyone(401),
  },
  'routes/scim.v2.Schemas._index': { url: () => '/scim/v2/Schemas', GET: everyone(401) },
  'routes/scim.v2.Schemas.$id': {
    url: () => '/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User',
    GET: everyone(401),
  },
  'routes/scim.v2.Users._index': { url: () => '/scim/v2/Users', GET: everyone(401), POST: everyone(401) },
  'routes/scim.v2.Users.$id': {
    url: ({ subject }) => `/scim/v2/Users/${subject.employee.id}`,
    GET: everyone(401),
    POST: everyone(401),
  },
  'routes/scim.v2.Users.[.]search': { url: () => '/scim/v2/Users/.search', POST: everyone(401) },
  'routes/api.photo-state': {
    url: ({ subject }) => `/api/photo-state?employee=${subject.employee.id}`,
    GET: { ...everyone(200), visitor: 401, deactivated: 401, activeOther: 403 },
  },
  // No identity provider is configured here: starting a sign-in is 404; a callback without the flow cookie
  // (every one here) is refused, at the address of the page that says so (the provider's code stays out of the
  // address bar); the onboarding needs the provider's cookie.
  'routes/auth.oidc.$provider.start': {
    url: () => '/auth/oidc/sso/start',
    GET: { ...everyone('→/employees'), visitor: 404, deactivated: 404 },
  },
  'routes/auth.oidc.$provider.callback': {
    url: () => '/auth/oidc/sso/callback?code=x&state=y',
    GET: everyone('→/auth/oidc/refused'),
  },
  'routes/auth.oidc.refused': { url: () => '/auth/oidc/refused', GET: everyone(403), 'GET data': everyone(403) },
  'routes/auth.oidc.onboarding': {
    url: () => '/auth/oidc/onboarding',
    GET: { ...everyone('→/me'), visitor: '→/login', deactivated: '→/login' },
    'GET data': { ...everyone('→/me'), visitor: '→/login', deactivated: '→/login' },
    POST: { ...everyone('→/me'), visitor: '→/login', deactivated: '→/login' },
  },
  'routes/employees.$id': {
    url: ({ subject }) => `/employees/${subject.employee.id}`,
    GET: activeOnly(200),
    'GET data': activeOnly(200),
  },
  'routes/employees._index': { url: () => '/employees', GET: activeOnly(200), 'GET data': activeOnly(200) },
  'routes/forgot-password': {
    url: () => '/forgot-password',
    GET: everyone(200),
    'GET data': everyone(200),
    POST: everyone(200),
  },
  // The bench's trivial page: one line, no data of its own (app/routes/healthz-page.tsx).
  'routes/healthz-page': { url: () => '/healthz-page', GET: everyone(200) },
  // Public: what the product holds and for how long, before anyone signs in or joins.
  'routes/privacy': { url: () => '/privacy', GET: everyone(200), 'GET data': everyone(200) },
  // A document POST runs the action, then the page's loader, which sends a signed-in employee on. The empty post
  // is the email step's, answered on the page ("Enter your work email").
  'routes/join': {
    url: () => '/join',
    GET: signedOutPage('→/me'),
    'GET data': signedOutPage('→/me'),
    POST: signedOutPage('→/me'),
  },
  'routes/login': {
    url: () => '/login',
    GET: signedOutPage('→/employees'),
    'GET data': signedOutPage('→/employees'),
    POST: signedOutPage('→/employees'),
  },
  'routes/logout': { url: () => '/logout', GET: everyone('→/'), POST: everyone('→/login'), postEndsSession: true },
  // The language switcher (docs/decisions/335-which-language.md): anyone may choose; a post without a language is 400.
  'routes/language': { url: () => '/language', GET: everyone('→/'), POST: everyone(400) },
  // "My data": always one's own archive (the URL names no one), pending employees included.
  'routes/me.data[.]zip': { url: () => '/me/data.zip', GET: signedIn(200) },
  'routes/me': { url: () => '/me', GET: signedIn(200), 'GET data': signedIn(200), POST: signedIn(400) },
  // The org chart (docs/decisions/326-org-chart.md): active employees; its downloads likewise.
  'routes/org._index': { url: () => '/org', GET: activeOnly(200), 'GET data': activeOnly(200) },
  'routes/org.departments.$name': {
    url: () => '/org/departments/Engineering',
    GET: activeOnly(200),
    'GET data': activeOnly(200),
  },
  'routes/org.export': { url: () => '/org/export?format=svg&department=Engineering', GET: activeOnly(200) },
  'routes/photos.$employeeId.$photoId.$file': {
    url: ({ subject, photoId }) => `/photos/${subject.employee.id}/${photoId}/96.jpg`,
    GET: signedIn(200),
  },
  'routes/reset-password': {
    url: () => '/reset-password',
    GET: everyone(200),
    'GET data': everyone(200),
    POST: everyone(200),
  },
};

/**
 * Resource routes that name their own caching of an answer that depends on the session: private (the browser
 * only), a photo rendition by its immutable id, and the manager suggestions for 30 s with `Vary: Cookie`. Every
 * other answer to a signed-in browser is `no-store` (server.js's default, `private, no-store`).
 */
const OWN_PRIVATE_CACHING = [
  'routes/photos.$employeeId.$photoId.$file',
  'routes/api.people',
  // HR's charts: kept by the browser and revalidated by ETag (docs/decisions/332-insights-and-org-chart-within-twice-the-trivial-page.md).
  'routes/admin.insights.charts[.]json',
];

/** The methods a route file answers: GET for a loader or a page, GET data for a page's loader, POST for an action. */
function methodsOf(id: string): Method[] {
  const handlers = exportedHandlers(id);
  const methods: Method[] = [];
  if (handlers.loader || handlers.page) methods.push('GET');
  if (handlers.loader && handlers.page) methods.push('GET data');
  if (handlers.action) methods.push('POST');
  return methods;
}

function outcomeOf(response: Response): Outcome {
  const location = response.headers.get('location');
  // Single fetch answers a redirect with 202 and the target in Location.
  if (location && (response.status === 202 || (response.status >= 300 && response.status < 400))) {
    return `→${new URL(location, APP_ORIGIN).pathname}`;
  }
  return response.status;
}

function dataUrl(url: string, id: string): string {
  const parsed = new URL(url, APP_ORIGIN);
  const search = new URLSearchParams(parsed.search);
  search.set('_routes', id);
  return `${parsed.pathname === '/' ? '/_root' : parsed.pathname}.data?${search}`;
}

export function checkMatrixCoversRoutes() {
  it('has a row for every route file, and a policy for each of its methods', () => {
    const routes = routeModuleIds();
    const missing = routes.filter((id) => !MATRIX[id]);
    expect(missing, `add a MATRIX row for each new route file in test-support/http/authorization-matrix.ts`).toEqual(
      [],
    );
    const stale = Object.keys(MATRIX).filter((id) => !routes.includes(id));
    expect(stale, 'MATRIX rows for route files that no longer exist').toEqual([]);
    for (const id of routes) {
      const declared = (['GET', 'GET data', 'POST'] as const).filter((method) => MATRIX[id]![method]);
      expect(declared, `${id}: the methods its file answers`).toEqual(methodsOf(id));
    }
  });
}

export function runMatrix(dialect: TestDialect) {
  describe(`the authorisation matrix (${dialect})`, () => {
    let app: AppUnderTest;
    let cast: Cast;
    const photoIds = new Map<string, string>();

    beforeAll(async () => {
      app = await startAppUnderTest({ dialect });
      cast = await createCast(app);
      // A stored rendition for each employee a photo cell asks about, as the photo pipeline leaves it.
      for (const person of [cast.active, cast.colleague, cast.pending, cast.deactivated, cast.admin]) {
        const photoId = randomUUID();
        photoIds.set(person.employee.id, photoId);
        await app.platform.db.sequelize.query('UPDATE employees SET photo_id = :photoId WHERE id = :id', {
          replacements: { photoId, id: person.employee.id },
          type: QueryTypes.UPDATE,
        });
        await app.platform.s3.send(
          new PutObjectCommand({
            Bucket: app.platform.bucket,
            Key: renditionKey(person.employee.id, photoId, 96, 'jpeg'),
            Body: Buffer.from('jpeg bytes'),
            ContentType: 'image/jpeg',
          }),
        );
      }
    });
    afterAll(async () => app?.close());

    function personOf(role: Role): Person | null {
      switch (role) {
        case 'visitor':
          return null;
        case 'pending':
          return cast.pending;
        case 'activeOwn':
        case 'activeOther':
          return cast.active;
        case 'deactivated':
          return cast.deactivated;
        case 'admin':
          return cast.admin;
      }
    }

    function targetsOf(role: Role): Targets {
      const subject =
        role === 'activeOther' || role === 'admin' || role === 'visitor'
          ? cast.colleague
          : (personOf(role) ?? cast.colleague);
      return { subject, photoId: photoIds.get(subject.employee.id)! };
    }

    it("an active employee gets nothing of a pending colleague's: profile, photo or photo state", async () => {
      const pending = cast.pending.employee.id;
      const photoId = photoIds.get(pending)!;
      const asActive = (url: string) =>
        app.fetch(new Request(`${APP_ORIGIN}${url}`, { headers: { Cookie: cast.active.cookie } }));
      expect((await asActive(`/employees/${pending}`)).status).toBe(404);
      expect((await asActive(`/photos/${pending}/${photoId}/96.jpg`)).status).toBe(404);
      expect((await asActive(`/api/photo-state?employee=${pending}`)).status).toBe(403);
      // HR sees it all.
      const asAdmin = (url: string) =>
        app.fetch(new Request(`${APP_ORIGIN}${url}`, { headers: { Cookie: cast.admin.cookie } }));
      expect((await asAdmin(`/employees/${pending}`)).status).toBe(200);
      expect((await asAdmin(`/photos/${pending}/${photoId}/96.jpg`)).status).toBe(200);
    });

    it('every cell: route × method × role gets the expected outcome', async () => {
      const observed: Array<{ cell: string; expected: Outcome; actual: Outcome }> = [];
      const cachingOfSignedIn: Array<{ id: string; cell: string; value: string | null }> = [];
      for (const id of routeModuleIds()) {
        const row = MATRIX[id]!;
        for (const method of methodsOf(id)) {
          for (const role of ROLES) {
            const person = personOf(role);
            let cookie = person?.cookie ?? '';
            if (method === 'POST' && row.postEndsSession && person && role !== 'deactivated') {
              cookie = await signIn(app, person.employee);
            }
            const url = row.url(targetsOf(role));
            const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
            const request =
              method === 'POST'
                ? new Request(`${APP_ORIGIN}${url}`, {
                    method: 'POST',
                    headers: { ...headers, Origin: APP_ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
                    body: '',
                  })
                : new Request(`${APP_ORIGIN}${method === 'GET data' ? dataUrl(url, id) : url}`, { headers });
            const response = await app.fetch(request, { clientAddress: `10.3.0.${observed.length % 250}` });
            await response.arrayBuffer();
            observed.push({
              cell: `${id} ${method} as ${role}`,
              expected: row[method]![role],
              actual: outcomeOf(response),
            });
            if (cookie)
              cachingOfSignedIn.push({
                id,
                cell: `${id} ${method} as ${role}`,
                value: response.headers.get('cache-control'),
              });
          }
        }
      }
      if (process.env.MATRIX_PRINT) {
        console.log(
          observed.map(({ cell, expected, actual }) => `${cell}: ${actual} (expected ${expected})`).join('\n'),
        );
      }
      const routes = new Set(observed.map(({ cell }) => cell.split(' ')[0])).size;
      console.log(
        `authorisation matrix (${dialect}): ${routes} routes, ${observed.length / ROLES.length} route × method pairs × ` +
          `${ROLES.length} roles = ${observed.length} cells`,
      );
      const wrong = observed.filter(({ expected, actual }) => expected !== actual);
      expect(
        wrong.map(({ cell, expected, actual }) => `${cell}: expected ${expected}, got ${actual}`),
        'cells that differ from the matrix',
      ).toEqual([]);
      // Whatever a signed-in browser is answered, no cache keeps it (a few resource routes keep a private copy).
      const cached = cachingOfSignedIn.filter(({ id, value }) =>
        OWN_PRIVATE_CACHING.includes(id) ? !value?.startsWith('private') : !value?.includes('no-store'),
      );
      expect(
        cached.map(({ cell, value }) => `${cell}: Cache-Control ${value}`),
        'answers to a signed-in browser that a cache may keep',
      ).toEqual([]);
    }, 120_000);

    it('answers signed-in pages and their data with `Cache-Control: private, no-store`', async () => {
      const { active, admin, colleague } = cast;
      for (const [url, person] of [
        ['/me', active],
        [`/employees/${colleague.employee.id}`, active],
        ['/employees', active],
        ['/admin', admin],
        [`/admin/employees/${colleague.employee.id}`, admin],
        ['/me.data', active],
        [`/employees/${colleague.employee.id}.data?_routes=routes/employees.$id`, active],
        ['/admin/people.data', admin],
        ['/me?_data=routes/me', active],
      ] as const) {
        const response = await app.fetch(new Request(`${APP_ORIGIN}${url}`, { headers: { Cookie: person.cookie } }));
        await response.arrayBuffer();
        expect(response.status, url).toBe(200);
        expect(response.headers.get('cache-control'), url).toBe('private, no-store');
      }
    });
  });
}
