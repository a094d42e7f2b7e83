/**
 * `npm run scim:story`: a provisioning story told to a running local server (`npm start`) over HTTP, with requests
 * shaped as Entra ID and Okta send them (docs/decisions/328-scim-provisioned-people.md):
 *
 *   1. 50 people created in random order, half as Entra ID sends a create, half as Okta does, each naming their
 *      manager by the provider's id for them (externalId), so most managers are named before they exist;
 *   2. every manager checked as resolved; an update as each provider sends it (Entra's PATCH, Okta's PUT);
 *   3. one person deactivated (Entra's PATCH without a path, "False" as a string) while signed in: their session
 *      refused on the next page;
 *   4. a manager reassigned (Entra's PATCH of the manager by id), and the listing filtered by it.
 *
 * The bearer token: SCIM_TOKEN, as HR's /admin/scim shows it; without it the script makes one for this run in the
 * server's database (DATA_DIR). The session in step 3 is made there too: a provisioned person has no password,
 * and signing in at the identity provider is not something a script can do. Prints what happened.
 */
import { randomUUID } from 'node:crypto';
import { sessionCookie } from '~/auth/user-session.server';
import { getEnv } from '~/config/env.server';
import { databaseConfigFromEnv } from '~/db/connection.server';
import { closeDatabase, openDatabase } from '~/db/database.server';
import { createScimToken } from '~/models/scim-tokens.server';
import { createSession } from '~/models/session-store.server';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const PEOPLE = 50;

const env = getEnv();
const base = process.env.SCIM_STORY_URL ?? `http://127.0.0.1:${env.PORT}`;
const db = openDatabase(databaseConfigFromEnv(env));
const token =
  process.env.SCIM_TOKEN ??
  (
    await createScimToken(db, {
      name: `scim-story ${new Date().toISOString()}`,
      createdBy: null,
      expiresAt: new Date(Date.now() + 3_600_000),
    })
  ).token;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

async function scim(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${base}/scim/v2${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/scim+json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const run = randomUUID().slice(0, 6);
const domain = env.ALLOWED_EMAIL_DOMAINS[0]!;
const nameOf = (index: number) => `${LETTERS[Math.floor(index / 26)]}${LETTERS[index % 26]!.toLowerCase()}`;
const externalIdOf = (index: number) => `story-${run}-${index}`;
/** Person i reports to person floor((i - 1) / 3): a tree four levels deep. */
const managerOf = (index: number) => (index === 0 ? null : Math.floor((index - 1) / 3));

function entraCreate(index: number): Json {
  const email = `person${index}.${run}@${domain}`;
  const manager = managerOf(index);
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
    externalId: externalIdOf(index),
    userName: email,
    active: true,
    emails: [{ primary: true, type: 'work', value: email }],
    meta: { resourceType: 'User' },
    name: { formatted: `Story ${nameOf(index)}`, familyName: nameOf(index), givenName: 'Story' },
    title: index === 0 ? 'Chief Executive' : 'Analyst',
    [ENTERPRISE]: { department: 'Story', ...(manager === null ? {} : { manager: { value: externalIdOf(manager) } }) },
    roles: [],
  };
}

function oktaCreate(index: number): Json {
  const email = `person${index}.${run}@${domain}`;
  const manager = managerOf(index);
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
    userName: email,
    name: { givenName: 'Story', familyName: nameOf(index) },
    emails: [{ primary: true, value: email, type: 'work' }],
    displayName: `Story ${nameOf(index)}`,
    locale: 'en-US',
    externalId: externalIdOf(index),
    groups: [],
    password: randomUUID(),
    active: true,
    title: 'Analyst',
    [ENTERPRISE]: { department: 'Story', ...(manager === null ? {} : { manager: { value: externalIdOf(manager) } }) },
  };
}

function expectStatus(what: string, answer: { status: number; body: Json }, status: number) {
  if (answer.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}

try {
  console.log(`SCIM story against ${base} (run ${run})\n`);

  // 1. Fifty people in random order.
  const order = Array.from({ length: PEOPLE }, (_, index) => index).sort(() => Math.random() - 0.5);
  const ids = new Map<number, string>();
  const namedBeforeExisting = order.filter((index, position) => {
    const manager = managerOf(index);
    return manager !== null && order.indexOf(manager) > position;
  }).length;
  const started = performance.now();
  for (const index of order) {
    const shape = index % 2 === 0 ? 'Entra' : 'Okta';
    const answer = await scim('POST', '/Users', shape === 'Entra' ? entraCreate(index) : oktaCreate(index));
    expectStatus(`create #${index} (${shape})`, answer, 201);
    ids.set(index, answer.body.id as string);
  }
  const elapsed = performance.now() - started;
  console.log(
    `1. created ${PEOPLE} people in random order (${PEOPLE / 2} Entra-shaped, ${PEOPLE / 2} Okta-shaped) in ` +
      `${Math.round(elapsed)} ms; ${namedBeforeExisting} of them named a manager who did not exist yet`,
  );
  const retry = await scim('POST', '/Users', entraCreate(order[0]!));
  console.log(`   a retried create: ${retry.status} ${retry.body.scimType} (${retry.body.detail})`);

  // 2. Every manager resolved, then updates.
  let right = 0;
  for (const [index, id] of ids) {
    const user = await scim('GET', `/Users/${id}`);
    const manager = managerOf(index);
    const actual = (user.body[ENTERPRISE]?.manager?.value as string | undefined) ?? null;
    if (actual === (manager === null ? null : ids.get(manager))) right += 1;
  }
  console.log(`2. managers: ${right} of ${PEOPLE} people have the manager the provider named`);
  const entraUpdate = await scim('PATCH', `/Users/${ids.get(2)}`, {
    schemas: [PATCH_OP],
    Operations: [
      { op: 'Replace', path: 'title', value: 'Senior Analyst' },
      { op: 'Add', path: 'phoneNumbers[type eq "work"].value', value: '+44 20 7946 0102' },
    ],
  });
  expectStatus('Entra PATCH', entraUpdate, 200);
  console.log(
    `   Entra PATCH (Replace title, Add work phone): ${entraUpdate.status}, title “${entraUpdate.body.title}”, ` +
      `phone ${entraUpdate.body.phoneNumbers?.[0]?.value}, ETag ${entraUpdate.body.meta.version}`,
  );
  const oktaUser = await scim('GET', `/Users/${ids.get(3)}`);
  const { meta, ...oktaBody } = oktaUser.body;
  void meta;
  const oktaUpdate = await scim('PUT', `/Users/${ids.get(3)}`, {
    ...oktaBody,
    name: { givenName: 'Storey', familyName: oktaBody.name.familyName },
    title: 'Lead Analyst',
  });
  expectStatus('Okta PUT', oktaUpdate, 200);
  console.log(
    `   Okta PUT (the whole User): ${oktaUpdate.status}, now “${oktaUpdate.body.displayName}”, ` +
      `“${oktaUpdate.body.title}”, manager kept: ${oktaUpdate.body[ENTERPRISE]?.manager?.displayName}`,
  );

  // 3. Deactivation while signed in.
  const leaverId = ids.get(7)!;
  const cookie = (await sessionCookie(env).serialize(await createSession(db, leaverId))).split(';')[0]!;
  const page = async () => (await fetch(`${base}/me`, { headers: { cookie }, redirect: 'manual' })).status;
  const before = await page();
  const off = await scim('PATCH', `/Users/${leaverId}`, {
    schemas: [PATCH_OP],
    Operations: [{ op: 'Replace', value: { active: 'False' } }],
  });
  expectStatus('deactivation', off, 200);
  const afterResponse = await fetch(`${base}/me`, { headers: { cookie }, redirect: 'manual' });
  console.log(
    `3. person #7 signed in: GET /me → ${before}; Entra PATCH {"op":"Replace","value":{"active":"False"}} → ` +
      `${off.status}, active ${off.body.active}; the same session now: GET /me → ${afterResponse.status} ` +
      `${afterResponse.headers.get('location') ?? ''}`,
  );

  // 4. A manager reassigned.
  const movedId = ids.get(49)!;
  const newManagerId = ids.get(1)!;
  const moved = await scim('PATCH', `/Users/${movedId}`, {
    schemas: [PATCH_OP],
    Operations: [{ op: 'Replace', path: `${ENTERPRISE}:manager`, value: newManagerId }],
  });
  expectStatus('reassignment', moved, 200);
  const reports = await scim(
    'GET',
    `/Users?filter=${encodeURIComponent(`${ENTERPRISE}:manager.value eq "${newManagerId}"`)}&attributes=userName`,
  );
  console.log(
    `4. person #49 moved to person #1 (Entra PATCH of the manager by id): ${moved.status}, manager now ` +
      `“${moved.body[ENTERPRISE]?.manager?.displayName}”; person #1's reports by filter: ${reports.body.totalResults}`,
  );
  const inactive = await scim('POST', '/Users/.search', {
    filter: `userName ew "${run}@${domain}" and active eq false`,
    count: 0,
  });
  console.log(`   filter “userName ew … and active eq false”: ${inactive.body.totalResults} person (#7)`);
} finally {
  await closeDatabase(db);
}
