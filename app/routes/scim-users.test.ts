/**
 * /scim/v2/Users as Microsoft Entra ID and Okta call it: each request below is shaped as that provider sends it
 * (the bodies of their documentation, names changed), each quirk in its own test; then what happens to the person
 * (docs/decisions/328-scim-provisioned-people.md): sessions ended on deactivation, managers resolved when they
 * arrive, retries answered 409, and a token that opens no page.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookie } from '~/auth/user-session.server';
import { createSession } from '~/models/session-store.server';
import { insertCustomFieldDefinition, listCustomFieldDefinitions } from '~/models/custom-field-store.server';
import { getEmployee, setEmployeeRole, setEmployeeStatus } from '~/models/employee.server';
import { PRODUCT_USER_SCHEMA } from '~/services/scim/user-schema';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from '@test-support/http/app-under-test';
import { ENTERPRISE, newScimToken, PATCH_OP, scimClient } from '@test-support/http/scim-client';

let app: AppUnderTest;
let scim: ReturnType<typeof scimClient>;
let token: string;

beforeAll(async () => {
  app = await startAppUnderTest();
  token = await newScimToken(app);
  scim = scimClient(app, token);
});

afterAll(async () => {
  await app?.close();
});

const unique = () => randomUUID().slice(0, 8);

/** A browser's session cookie for a provisioned person (who signs in at the provider, which no test can do). */
async function cookieFor(employeeId: string): Promise<string> {
  const token = await createSession(app.platform.db, employeeId);
  return (await sessionCookie(app.platform.env).serialize(token)).split(';')[0]!;
}

/** Entra ID's create (its provisioning documentation's body), with its default enterprise mappings. */
function entraCreate(given = 'Avery', family = 'Quill') {
  const id = unique();
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
    externalId: randomUUID(),
    userName: `${given.toLowerCase()}.${id}@xyz.example`,
    active: true,
    emails: [{ primary: true, type: 'work', value: `${given.toLowerCase()}.${id}@xyz.example` }],
    meta: { resourceType: 'User' },
    name: { formatted: `${given} ${family}`, familyName: family, givenName: given },
    title: 'Cartographer',
    [ENTERPRISE]: { department: 'Mapping' },
    roles: [],
  };
}

/** Okta's create (its SCIM 2.0 guide's body): a password and groups it sends, locale, no enterprise extension. */
function oktaCreate(given = 'Morgan', family = 'Reed') {
  const id = unique();
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
    userName: `${given.toLowerCase()}.${id}@xyz.example`,
    name: { givenName: given, familyName: family },
    emails: [{ primary: true, value: `${given.toLowerCase()}.${id}@xyz.example`, type: 'work' }],
    displayName: `${given} ${family}`,
    locale: 'en-US',
    externalId: `00u${id}h7`,
    groups: [],
    password: '1mz050nq',
    active: true,
    title: 'Surveyor',
    [ENTERPRISE]: { department: 'Field' },
  };
}

async function created(body: Record<string, unknown>) {
  const answer = await scim('POST', '/Users', body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}

describe('Entra ID', () => {
  it('creates a profile with the fields sent: 201, Location, ETag, the User as stored', async () => {
    const body = entraCreate();
    const answer = await scim('POST', '/Users', body);
    expect(answer.status).toBe(201);
    expect(answer.headers.get('content-type')).toBe('application/scim+json');
    expect(answer.headers.get('location')).toBe(`${APP_ORIGIN}/scim/v2/Users/${answer.body.id}`);
    expect(answer.headers.get('etag')).toMatch(/^W\/"/);
    expect(answer.body).toMatchObject({
      userName: body.userName,
      externalId: body.externalId,
      name: { givenName: 'Avery', familyName: 'Quill', formatted: 'Avery Quill' },
      displayName: 'Avery Quill',
      emails: [{ value: body.userName, type: 'work', primary: true }],
      title: 'Cartographer',
      active: true,
      [ENTERPRISE]: { department: 'Mapping', employeeNumber: expect.any(String) },
      meta: { resourceType: 'User', version: answer.headers.get('etag') },
    });
    // HR's check comes first by default (SCIM_NEW_PEOPLE=hr-approval): pending, yet not deactivated.
    const stored = await getEmployee(app.platform.db, answer.body.id, 'private');
    expect(stored).toMatchObject({ status: 'pending', role: 'employee', jobTitle: 'Cartographer' });
  });

  it('finds a person before creating them, by userName, externalId or work email (its existence checks)', async () => {
    const body = entraCreate('Blair', 'Orme');
    const user = await created(body);
    for (const filter of [
      `userName eq "${body.userName.toUpperCase()}"`,
      `externalId eq "${body.externalId}"`,
      `emails[type eq "work" and value eq "${body.userName}"]`,
    ]) {
      const answer = await scim('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect(answer.status, filter).toBe(200);
      expect(answer.body).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1 });
      expect(answer.body.Resources[0].id).toBe(user.id);
    }
    const none = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "nobody@xyz.example"')}`);
    expect(none.body).toMatchObject({ totalResults: 0, Resources: [] });
  });

  it('answers a retried create 409 uniqueness, by userName and by externalId, and makes no duplicate', async () => {
    const body = entraCreate('Casey', 'Prior');
    await created(body);
    const again = await scim('POST', '/Users', body);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ scimType: 'uniqueness', status: '409' });
    const sameExternalId = await scim('POST', '/Users', {
      ...entraCreate('Casey', 'Prior'),
      externalId: body.externalId,
    });
    expect(sameExternalId.status).toBe(409);
    expect(sameExternalId.body.detail).toContain('externalId');
    const list = await scim('GET', `/Users?filter=${encodeURIComponent(`name.familyName eq "Prior"`)}`);
    expect(list.body.totalResults).toBe(1);
  });

  it('two identical creates at once: one 201, one 409 (the unique index decides)', async () => {
    const body = entraCreate('Dana', 'Twin');
    const answers = await Promise.all([scim('POST', '/Users', body), scim('POST', '/Users', body)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
  });

  it('PATCH with "Replace" (its capitalised op) on a value path and a sub-attribute', async () => {
    const user = await created(entraCreate('Eden', 'Marsh'));
    const answer = await scim('PATCH', `/Users/${user.id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: user.userName },
        { op: 'Replace', path: 'name.familyName', value: 'Fenwick' },
        { op: 'Add', path: 'phoneNumbers[type eq "work"].value', value: '+44 20 7946 0000' },
      ],
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({
      name: { familyName: 'Fenwick' },
      phoneNumbers: [{ value: '+44 20 7946 0000', type: 'work' }],
    });
    expect(answer.headers.get('etag')).not.toBe(user.meta.version);
  });

  it('PATCH active "False" as a string (its boolean quirk) deactivates', async () => {
    const user = await created(entraCreate('Flynn', 'Hart'));
    const answer = await scim('PATCH', `/Users/${user.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.active).toBe(false);
    expect((await getEmployee(app.platform.db, user.id, 'public'))?.status).toBe('inactive');
  });

  it('PATCH "replace" without a path, `active` in the value, signs the person out within the request', async () => {
    app.platform.env.SCIM_NEW_PEOPLE = 'active';
    const user = await created(entraCreate('Gale', 'Stone'));
    app.platform.env.SCIM_NEW_PEOPLE = 'hr-approval';
    const cookie = await cookieFor(user.id as string);
    const before = await app.fetch(new Request(`${APP_ORIGIN}/me`, { headers: { cookie } }));
    expect(before.status).toBe(200);
    const answer = await scim('PATCH', `/Users/${user.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const after = await app.fetch(new Request(`${APP_ORIGIN}/me`, { headers: { cookie } }));
    expect(after.status).toBe(302);
    expect(after.headers.get('location')).toMatch(/^\/login/);
  });

  it('PATCH adds the manager as a bare id, and removes it', async () => {
    const manager = await created(entraCreate('Harper', 'Boss'));
    const report = await created(entraCreate('Indy', 'Report'));
    const added = await scim('PATCH', `/Users/${report.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Add', path: `${ENTERPRISE}:manager`, value: manager.id }],
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body[ENTERPRISE].manager).toEqual({
      value: manager.id,
      $ref: `${APP_ORIGIN}/scim/v2/Users/${manager.id}`,
      displayName: 'Harper Boss',
    });
    const removed = await scim('PATCH', `/Users/${report.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Remove', path: `${ENTERPRISE}:manager` }],
    });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(removed.body[ENTERPRISE].manager).toBeUndefined();
    expect((await getEmployee(app.platform.db, report.id, 'public'))?.managerId).toBeNull();
  });

  it('DELETE deactivates and answers 204; the User is then gone for the provider (404), the profile kept', async () => {
    const user = await created(entraCreate('Jules', 'Gone'));
    const answer = await scim('DELETE', `/Users/${user.id}`);
    expect(answer.status).toBe(204);
    expect((await scim('GET', `/Users/${user.id}`)).status).toBe(404);
    expect((await scim('PATCH', `/Users/${user.id}`, { schemas: [PATCH_OP], Operations: [] })).status).toBe(404);
    const stored = await getEmployee(app.platform.db, user.id, 'public');
    expect(stored?.status).toBe('inactive');
  });
});

describe('Okta', () => {
  it('looks a person up with startIndex and count, creates them (password and groups ignored)', async () => {
    const body = oktaCreate();
    const lookup = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${body.userName}"`)}&startIndex=1&count=100`,
    );
    expect(lookup.body).toMatchObject({ totalResults: 0, Resources: [] });
    const user = await created(body);
    expect(user).toMatchObject({ userName: body.userName, externalId: body.externalId, displayName: 'Morgan Reed' });
    expect(JSON.stringify(user)).not.toContain('1mz050nq');
  });

  it('updates with PUT (the whole User), keeping what it does not send', async () => {
    const user = await created(oktaCreate('Noel', 'Vance'));
    await scim('PATCH', `/Users/${user.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'addresses[type eq "work"].locality', value: 'Harbour Office' }],
    });
    const { meta, addresses, ...rest } = user;
    void meta;
    void addresses;
    const answer = await scim('PUT', `/Users/${user.id}`, {
      ...rest,
      name: { givenName: 'Noel', middleName: 'Test', familyName: 'Vance-Hill' },
      displayName: 'Noel Vance-Hill',
      title: 'Chief Surveyor',
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({
      name: { familyName: 'Vance-Hill' },
      title: 'Chief Surveyor',
      addresses: [{ locality: 'Harbour Office' }],
    });
  });

  it('PUT active false on unassignment deactivates; PUT active true brings the person back', async () => {
    const user = await created(oktaCreate('Orla', 'Finch'));
    const { meta, ...rest } = user;
    void meta;
    const off = await scim('PUT', `/Users/${user.id}`, { ...rest, active: false });
    expect(off.body.active).toBe(false);
    const on = await scim('PUT', `/Users/${user.id}`, { ...rest, active: true });
    expect(on.body.active).toBe(true);
  });

  it('PATCH "replace" of active without a path (its deactivation)', async () => {
    const user = await created(oktaCreate('Piper', 'Lane'));
    const answer = await scim('PATCH', `/Users/${user.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(answer.body.active).toBe(false);
  });
});

describe('the protocol', () => {
  it('If-Match: a stale version is refused 412 and nothing written; the current one passes', async () => {
    const user = await created(entraCreate('Quinn', 'Etag'));
    const patch = { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Archivist' }] };
    const stale = await scim('PATCH', `/Users/${user.id}`, patch, { 'If-Match': 'W/"not-the-version"' });
    expect(stale.status).toBe(412);
    expect((await scim('GET', `/Users/${user.id}`)).body.title).toBe('Cartographer');
    const fresh = await scim('PATCH', `/Users/${user.id}`, patch, { 'If-Match': user.meta.version });
    expect(fresh.status).toBe(200);
    expect((await scim('DELETE', `/Users/${user.id}`, undefined, { 'If-Match': user.meta.version })).status).toBe(412);
  });

  it('a bad body is a 400 naming the field, and writes nothing', async () => {
    const notJson = await scim('POST', '/Users', '{"userName": ');
    expect(notJson.body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    const badTitle = await scim('POST', '/Users', { ...entraCreate(), title: 42 });
    expect(badTitle.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect(badTitle.body.detail).toMatch(/^title: /);
    const noTitle = await scim('POST', '/Users', { ...entraCreate(), title: undefined });
    expect(noTitle.body.detail).toBe('title: Job title is required');
    const badPhone = await scim('POST', '/Users', {
      ...entraCreate(),
      phoneNumbers: [{ type: 'work', value: 'call me' }],
    });
    expect(badPhone.body.detail).toMatch(/^phoneNumbers\[type eq "work"\]\.value: /);
    const outside = await scim('POST', '/Users', { ...entraCreate(), userName: 'someone@elsewhere.example' });
    expect(outside.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect(outside.body.detail).toMatch(/^userName: must end in @xyz.example/);
  });

  it('lists with filters, paging, sorting and attributes', async () => {
    const family = `Zed${unique().replace(/\d/g, 'x')}`;
    const people = [];
    for (const given of ['Ann', 'Bea', 'Cid', 'Dee', 'Eve']) people.push(await created(entraCreate(given, family)));
    const page = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent(`name.familyName eq "${family}"`)}&startIndex=2&count=2&sortBy=name.givenName&sortOrder=descending&attributes=userName`,
    );
    expect(page.body).toMatchObject({ totalResults: 5, startIndex: 2, itemsPerPage: 2 });
    expect(page.body.Resources.map((user: { userName: string }) => user.userName)).toEqual([
      people[3]!.userName,
      people[2]!.userName,
    ]);
    expect(Object.keys(page.body.Resources[0]).sort()).toEqual(['id', 'schemas', 'userName']);
    const filters = [
      [`name.familyName eq "${family}" and (name.givenName sw "A" or name.givenName ew "e")`, 3],
      [`name.familyName eq "${family}" and not (name.givenName co "e")`, 2],
      [`name.familyName eq "${family}" and meta.created gt "2000-01-01T00:00:00Z"`, 5],
      [`name.familyName eq "${family}" and title pr and active eq true`, 5],
      [`name.familyName eq "${family}" and userName ne "${people[0]!.userName}"`, 4],
    ] as const;
    for (const [filter, total] of filters) {
      const answer = await scim('POST', '/Users/.search', { filter, count: 0 });
      expect(answer.body.totalResults, filter).toBe(total);
    }
    const bad = await scim('GET', `/Users?filter=${encodeURIComponent('nosuch eq "x"')}`);
    expect(bad.body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
  });

  it('a manager named before it exists is set when it arrives: 50 people created in random order', async () => {
    // A tree: person i reports to person floor((i - 1) / 3); the provider names managers by externalId.
    const externalIds = Array.from({ length: 50 }, () => `ext-${unique()}`);
    const bodies = externalIds.map((externalId, index) => ({
      ...entraCreate(
        'Tree',
        `Node${String.fromCharCode(65 + Math.floor(index / 26))}${String.fromCharCode(65 + (index % 26))}`,
      ),
      externalId,
      [ENTERPRISE]: {
        department: 'Orchard',
        ...(index > 0 ? { manager: { value: externalIds[Math.floor((index - 1) / 3)] } } : {}),
      },
    }));
    const order = bodies.map((_, index) => index).sort(() => Math.random() - 0.5);
    const ids = new Map<number, string>();
    for (const index of order) ids.set(index, (await created(bodies[index]!)).id);
    for (const [index, id] of ids) {
      const employee = await getEmployee(app.platform.db, id, 'public');
      expect(employee?.managerId ?? null, `person ${index}`).toBe(
        index === 0 ? null : ids.get(Math.floor((index - 1) / 3)),
      );
    }
  });
});

describe('tokens and sessions', () => {
  it('a SCIM token never opens a page: /me with it is sent to sign in', async () => {
    const answer = await app.fetch(new Request(`${APP_ORIGIN}/me`, { headers: { Authorization: `Bearer ${token}` } }));
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toMatch(/^\/login/);
  });

  it('a session cookie opens no SCIM route: 401 without a token, even signed in as HR', async () => {
    const hr = await created(entraCreate('Hera', 'Admin'));
    await setEmployeeRole(app.platform.db, hr.id, 'admin');
    await setEmployeeStatus(app.platform.db, hr.id, 'active');
    const cookie = await cookieFor(hr.id);
    expect((await app.fetch(new Request(`${APP_ORIGIN}/admin`, { headers: { cookie } }))).status).toBe(200);
    const answer = await scimClient(app, null)('GET', '/Users', undefined, { cookie });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ status: '401' });
  });
});

describe("HR's own fields", () => {
  it('are created, patched by their URN path and projected like any attribute', async () => {
    const key = `badge${unique().replace(/[^a-z]/g, '')}`;
    await insertCustomFieldDefinition(app.platform.db, {
      key,
      label: 'Badge',
      helpText: null,
      type: 'short-text',
      required: false,
      visibility: 'hr',
      editableBy: 'hr',
      needsApproval: false,
      searchable: false,
      facet: false,
      section: null,
      retired: false,
      options: [],
    });
    app.platform.customFields = await listCustomFieldDefinitions(app.platform.db);
    const path = `${PRODUCT_USER_SCHEMA}:${key}`;
    const user = await created({ ...entraCreate('Bea', 'Badge'), [PRODUCT_USER_SCHEMA]: { [key]: 'B-1' } });
    expect(user[PRODUCT_USER_SCHEMA]).toEqual({ [key]: 'B-1' });
    const patched = await scim('PATCH', `/Users/${user.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Replace', path, value: 'B-42' }],
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body[PRODUCT_USER_SCHEMA]).toEqual({ [key]: 'B-42' });
    const projected = await scim('GET', `/Users/${user.id}?attributes=${encodeURIComponent(path)}`);
    expect(projected.body).toEqual({
      schemas: expect.arrayContaining([PRODUCT_USER_SCHEMA]),
      id: user.id,
      [PRODUCT_USER_SCHEMA]: { [key]: 'B-42' },
    });
  });
});
