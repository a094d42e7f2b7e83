/**
 * The field authorisation matrix (docs/decisions/322-one-gate-for-fields.md), generated from the field
 * definitions and run by app/routes/authorization-matrix-fields*.test.ts (SQLite, and MariaDB): every field ×
 * every reader kind (the person, a peer, their manager, their manager's manager, HR, a visitor) × every reader
 * surface, through hand-made requests against the production bundle (test-support/http/app-under-test.ts). Each
 * field of the person read holds a distinctive value; a cell passes when that value is in the surface's answer
 * exactly when the field's visibility lets that reader see it there.
 *
 * It runs twice: with the built-in definitions, and with ALL_VISIBILITIES_DEFINITIONS (test-support/
 * field-definitions.ts) put in the running app's platform, so each of the four visibilities is exercised.
 *
 * It fails when a field or a surface comes without entries: every defined field needs a PROBES entry (a value, or
 * why it cannot have one), and every route file in app/routes/ is either a surface's route or named in
 * READS_NO_PERSON_FIELDS with the reason.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPassword } from '~/auth/credentials.server';
import {
  BUILT_IN_FIELD_DEFINITIONS,
  checkFieldDefinitions,
  type BuiltInFieldKey,
  type FieldDefinitions,
  type FieldVisibility,
} from '~/models/field-definitions';
import { insertEmployee, type NewEmployee } from '~/models/employee.server';
import { insertCustomFieldDefinition } from '~/models/custom-field-store.server';
import type { PrivateEmployee } from '~/models/employee-projection.server';
import { streamSearchDocuments } from '~/models/search-projection.server';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from './app-under-test';
import { CAST_PASSWORD, signIn } from './people';
import { routeModuleIds } from './route-files';
import { ALL_VISIBILITIES_DEFINITIONS } from '../field-definitions';
import type { TestDialect } from '../databases';

export const READER_KINDS = ['person', 'peer', 'manager', 'managersManager', 'hr', 'visitor'] as const;
type ReaderKind = (typeof READER_KINDS)[number];

/**
 * The person read: one distinctive value per field, none a part of another, none a word the pages use. A field
 * whose value cannot be told apart on a page says why (a string), and is checked elsewhere.
 */
const PROBES: Record<BuiltInFieldKey, string | { unprobed: string }> = {
  firstName: 'Ottoline',
  lastName: 'Vexbridge',
  preferredName: 'Tamsin',
  workEmail: 'wk.vexbridge@xyz.example',
  workPhone: '+44 1632 960111',
  jobTitle: 'Lighthouse Cartographer',
  department: {
    unprobed: 'departments are one shared list: every profile form offers them all, and the directory filters by them',
  },
  managerId: {
    unprobed:
      "its value is the manager's id, which pages show as the manager's name and link (the manager's own fields)",
  },
  officeLocation: 'Lamplight Annex',
  startDate: '2003-07-19',
  bio: 'Keeps a ledger of beams.',
  skills: 'heliography',
  personalEmail: 'ottoline.home@probe.example',
  personalPhone: '+44 7700 900222',
  emergencyContactName: 'Barnaby Quench',
  emergencyContactPhone: '+44 7700 900333',
};

/**
 * Fields HR defines (docs/decisions/023-hr-defined-field-storage.md), one of each visibility, defined through the
 * store as /admin/fields does and holding a distinctive value on the person read. They are probed on every surface
 * in both runs (the built-in definitions swapped do not touch them). Each is marked searchable and a facet, even
 * the restricted ones (written around the form's check): the directory and its search show a field HR defines
 * only when it is a facet everyone may see (docs/decisions/324-search-index-holds-everyone-fields.md).
 */
export const CUSTOM_PROBES: ReadonlyArray<{ key: string; visibility: FieldVisibility; value: string }> = [
  { key: 'probe_everyone', visibility: 'everyone', value: 'Zephyrine Marsh' },
  { key: 'probe_chain', visibility: 'manager-chain-and-hr', value: 'Cost centre Pellucidon' },
  { key: 'probe_person', visibility: 'person-and-hr', value: 'Thistlewick Lane' },
  { key: 'probe_hr', visibility: 'hr', value: 'Clearance Marrowgate' },
];

/**
 * How a surface decides: `per-person` through the gate with the reader's relation to the person (a page about
 * one person); `list` as the gate lets any employee see a person (a list of many: only `everyone` fields), and an
 * untrusted caller only what picking a manager needs.
 */
type Scope = 'per-person' | 'list';

interface Surface {
  /** The route files that serve it (Remix route ids). */
  routes: string[];
  /** The request each reader kind makes; null when that reader has no way to ask for this person here. */
  url: (reader: ReaderKind, personId: string) => string | null;
  /** The readers let in at all (everyone else is refused or sent to sign in). */
  opens: readonly ReaderKind[];
  /** The fields the surface is made to show, when the gate allows. */
  carries: readonly BuiltInFieldKey[];
  /**
   * Whether it shows the fields HR defines (each as the gate allows); `facets`: a list of many people, which shows
   * those that are facets, and only when everyone may see them.
   */
  carriesCustom: boolean | 'facets';
  scope: Scope;
  zip?: true;
}

const ACTIVE_READERS: readonly ReaderKind[] = ['person', 'peer', 'manager', 'managersManager', 'hr'];
const ALL_FIELDS = BUILT_IN_FIELD_DEFINITIONS.map((field) => field.key);
/** A card names someone by display name: the preferred name (when given) and the last name, not the first name. */
const NAMED_IN_LISTS: BuiltInFieldKey[] = ['preferredName', 'lastName'];

export const SURFACES: Record<string, Surface> = {
  'profile page': {
    routes: ['routes/employees.$id'],
    url: (_reader, id) => `/employees/${id}`,
    opens: ACTIVE_READERS,
    carries: ALL_FIELDS,
    carriesCustom: true,
    scope: 'per-person',
  },
  // The URL names no one: another reader's /me is their own profile.
  'my profile (/me)': {
    routes: ['routes/me'],
    url: (reader) => (reader === 'person' ? '/me' : null),
    opens: ['person'],
    carries: ALL_FIELDS,
    carriesCustom: true,
    scope: 'per-person',
  },
  "HR's employee page": {
    routes: ['routes/admin.employees.$id'],
    url: (_reader, id) => `/admin/employees/${id}`,
    opens: ['hr'],
    carries: ALL_FIELDS,
    carriesCustom: true,
    scope: 'per-person',
  },
  'directory HTML': {
    routes: ['routes/employees._index'],
    url: () => '/employees',
    opens: ACTIVE_READERS,
    carries: [...NAMED_IN_LISTS, 'jobTitle', 'officeLocation', 'skills'],
    carriesCustom: 'facets',
    scope: 'list',
  },
  'search results': {
    routes: ['routes/employees._index'],
    url: () => '/employees?q=Vexbridge',
    opens: ACTIVE_READERS,
    carries: [...NAMED_IN_LISTS, 'jobTitle', 'officeLocation', 'skills'],
    carriesCustom: 'facets',
    scope: 'list',
  },
  '/api/people': {
    routes: ['routes/api.people'],
    url: () => '/api/people?q=Vexbridge',
    opens: [...ACTIVE_READERS, 'visitor'],
    carries: [...NAMED_IN_LISTS, 'jobTitle', 'workEmail'],
    carriesCustom: true,
    scope: 'list',
  },
  "HR's people list": {
    routes: ['routes/admin.people'],
    url: () => '/admin/people',
    opens: ['hr'],
    carries: [...NAMED_IN_LISTS, 'jobTitle', 'workEmail'],
    carriesCustom: false,
    scope: 'list',
  },
  // Lists people by the faults in their reporting line (app/services/org-health.server.ts). The person read has a
  // manager, so no list here names them: every cell checks that none of their values shows, for every reader.
  "HR's reporting lines": {
    routes: ['routes/admin.org-health'],
    url: () => '/admin/org-health',
    opens: ['hr'],
    carries: [],
    carriesCustom: false,
    scope: 'list',
  },
  // HR's list of changes waiting for approval (docs/decisions/323-field-change-approval.md) shows only the values
  // people asked for, through the gate as HR reads them; the person read asked for none, so no field of theirs may
  // appear here to anyone (the values asked for: app/routes/field-change-approval.test.ts).
  "HR's changes to approve": {
    routes: ['routes/admin.field-changes'],
    url: () => '/admin/field-changes',
    opens: ['hr'],
    carries: [],
    carriesCustom: false,
    scope: 'list',
  },
  'CSV export': {
    routes: ['routes/admin.export[.]csv'],
    url: () => '/admin/export.csv',
    opens: ['hr'],
    // The export's columns: no bio, no skills and no private fields (app/routes/admin.export[.]csv.ts).
    carries: [
      'firstName',
      'lastName',
      'preferredName',
      'workEmail',
      'workPhone',
      'jobTitle',
      'officeLocation',
      'startDate',
    ],
    carriesCustom: true,
    scope: 'per-person',
  },
  // The org chart and its downloads (docs/decisions/326-org-chart.md): lists of many people, fields everyone may see.
  'org chart': {
    routes: ['routes/org._index'],
    url: (_reader, id) => `/org?person=${id}`,
    opens: ACTIVE_READERS,
    carries: [...NAMED_IN_LISTS, 'jobTitle', 'officeLocation'],
    carriesCustom: false,
    scope: 'list',
  },
  'department chart': {
    routes: ['routes/org.departments.$name'],
    url: () => '/org/departments/Engineering',
    opens: ACTIVE_READERS,
    carries: [...NAMED_IN_LISTS, 'jobTitle', 'officeLocation'],
    carriesCustom: false,
    scope: 'list',
  },
  'org chart SVG': {
    routes: ['routes/org.export'],
    url: (_reader, id) => `/org/export?format=svg&person=${id}`,
    opens: ACTIVE_READERS,
    carries: [...NAMED_IN_LISTS, 'jobTitle', 'officeLocation'],
    carriesCustom: false,
    scope: 'list',
  },
  'team CSV': {
    routes: ['routes/org.export'],
    url: (_reader, id) => `/org/export?format=csv&person=${id}`,
    opens: ACTIVE_READERS,
    carries: [...NAMED_IN_LISTS, 'jobTitle', 'officeLocation', 'workEmail'],
    carriesCustom: false,
    scope: 'list',
  },
  'team vCards': {
    routes: ['routes/org.export'],
    url: (_reader, id) => `/org/export?format=vcf&person=${id}`,
    opens: ACTIVE_READERS,
    // N carries the first name beside the last.
    carries: [...NAMED_IN_LISTS, 'firstName', 'jobTitle', 'workEmail'],
    carriesCustom: false,
    scope: 'list',
  },
  'archive (My data)': {
    routes: ['routes/me.data[.]zip'],
    url: (reader) => (reader === 'person' ? '/me/data.zip' : null),
    opens: ['person'],
    carries: ALL_FIELDS,
    carriesCustom: true,
    scope: 'per-person',
    zip: true,
  },
  "archive (HR's copy)": {
    routes: ['routes/admin.employees.$id.data[.]zip'],
    url: (_reader, id) => `/admin/employees/${id}/data.zip`,
    opens: ['hr'],
    carries: ALL_FIELDS,
    carriesCustom: true,
    scope: 'per-person',
    zip: true,
  },
  // A connection's bearer token is the only way in (docs/decisions/328-scim-provisioned-people.md): no session
  // reader, HR included, is let in, so none of the person's values may appear in what they get.
  'SCIM User (token only)': {
    routes: ['routes/scim.v2.Users.$id'],
    url: (_reader, id) => `/scim/v2/Users/${id}`,
    opens: [],
    carries: ALL_FIELDS,
    carriesCustom: true,
    scope: 'per-person',
  },
  'SCIM Users listing (token only)': {
    routes: ['routes/scim.v2.Users._index', 'routes/scim.v2.Users.[.]search'],
    url: (_reader, id) => `/scim/v2/Users?filter=${encodeURIComponent(`id eq "${id}"`)}`,
    opens: [],
    carries: ALL_FIELDS,
    carriesCustom: true,
    scope: 'list',
  },
};

/** Route files that show no field of a person read here, and why; every other route file is a surface's. */
export const READS_NO_PERSON_FIELDS: Record<string, string> = {
  'routes/_index': 'redirects only',
  'routes/admin': "HR's layout: no data",
  'routes/admin._index':
    "HR's queue of pending profiles: names, titles and departments (naming fields) of pending people",
  'routes/admin.fields': "HR's definitions of the fields HR adds: labels, types and options, no person's values",
  'routes/admin.employees.$id.identities': 'an action on sign-in identities; answers no fields',
  'routes/admin.employees_.$id.erase': 'names the person (naming fields) before HR erases them',
  'routes/admin.import': "HR's upload: its answer names the uploaded file's rows by line and work email",
  'routes/admin.insights':
    "HR's counts per month, department and office: the departments' and offices' names, never a person's row",
  'routes/admin.insights.$file': 'the same counts as CSV',
  'routes/admin.insights.charts[.]json': 'the same counts drawn as charts',
  'routes/admin.notifications': "messages and emails sent: ids, subjects, states and recipients' work addresses",
  'routes/admin.scim': "HR's SCIM connections: names, dates and the HR person who made each (a name HR sees anyway)",
  'routes/admin.webhooks':
    "HR's webhook endpoints and their delivery log: employee ids, event types and receivers' answers, no fields",
  'routes/scim.v2.ServiceProviderConfig': 'what this SCIM service supports: no person',
  'routes/scim.v2.ResourceTypes._index': "SCIM's resource types: no person",
  'routes/scim.v2.ResourceTypes.$id': "one of SCIM's resource types: no person",
  'routes/scim.v2.Schemas._index':
    "the User's schemas, HR's field definitions included: labels and options, no person's values",
  'routes/scim.v2.Schemas.$id': "one of the User's schemas: labels and options, no person's values",
  'routes/api.join': 'the join form as JSON: writes, reads no one',
  'routes/api.me.photo': "the signed-in person's photo upload",
  'routes/api.photo-state': 'the state of an upload, no fields',
  'routes/auth.oidc.$provider.start': 'sign-in redirects',
  'routes/auth.oidc.$provider.callback': 'sign-in redirects',
  'routes/auth.oidc.refused': 'a message',
  'routes/auth.oidc.onboarding': "the newcomer's own form (from the identity provider's claims)",
  'routes/forgot-password': 'a form',
  'routes/healthz-page': 'one line',
  'routes/privacy': 'a static page',
  'routes/join': "the joiner's own form",
  'routes/language': 'stores the language chosen, then redirects',
  'routes/login': 'a form',
  'routes/logout': 'signs out',
  'routes/photos.$employeeId.$photoId.$file': 'photo files, no fields',
  'routes/reset-password': 'a form',
};

/** Whether a reader of this kind may see a field of this visibility on a page about the person (decision 322). */
function visibleTo(visibility: FieldVisibility, reader: ReaderKind): boolean {
  const audience: Record<FieldVisibility, readonly ReaderKind[]> = {
    everyone: ACTIVE_READERS,
    'manager-chain-and-hr': ['manager', 'managersManager', 'hr'],
    'person-and-hr': ['person', 'hr'],
    hr: ['hr'],
  };
  return audience[visibility].includes(reader);
}

/** What a cell of a field HR defined should show: the value, or not. */
function expectedCustomPresent(surface: Surface, visibility: FieldVisibility, reader: ReaderKind): boolean {
  if (!surface.opens.includes(reader) || !surface.carriesCustom) return false;
  if (surface.scope === 'per-person') return visibleTo(visibility, reader);
  if (surface.carriesCustom === 'facets') return visibility === 'everyone';
  // A list: what any employee may see; no field HR defines is among what picking a manager needs (a visitor).
  return visibility === 'everyone' && reader !== 'visitor';
}

/** What a cell should show: the value, or not. */
function expectedPresent(
  surface: Surface,
  definitions: FieldDefinitions,
  field: BuiltInFieldKey,
  reader: ReaderKind,
): boolean {
  if (!surface.opens.includes(reader) || !surface.carries.includes(field)) return false;
  const definition = definitions.find((candidate) => candidate.key === field)!;
  if (surface.scope === 'per-person') return visibleTo(definition.visibility, reader);
  // A list: what any employee may see; an untrusted caller (a visitor) only what picking a manager needs.
  if (reader === 'visitor') return definition.visibility === 'everyone' && definition.shownWhenPickingManager === true;
  return definition.visibility === 'everyone';
}

export function checkMatrixCoversFieldsAndSurfaces() {
  it('has a probe for every defined field, and every route file is a surface or says why it shows no fields', () => {
    const defined = BUILT_IN_FIELD_DEFINITIONS.map((field) => field.key).sort();
    expect(Object.keys(PROBES).sort(), 'a PROBES entry for each defined field').toEqual(defined);
    const surfaceRoutes = Object.values(SURFACES).flatMap((surface) => surface.routes);
    const routes = routeModuleIds();
    const unclassified = routes.filter((id) => !surfaceRoutes.includes(id) && !READS_NO_PERSON_FIELDS[id]);
    expect(unclassified, 'route files with neither a SURFACES entry nor a READS_NO_PERSON_FIELDS reason').toEqual([]);
    const stale = [...surfaceRoutes, ...Object.keys(READS_NO_PERSON_FIELDS)].filter((id) => !routes.includes(id));
    expect(stale, 'entries for route files that no longer exist').toEqual([]);
    const both = surfaceRoutes.filter((id) => READS_NO_PERSON_FIELDS[id]);
    expect(both, 'route files both a surface and said to show no fields').toEqual([]);
  });

  it('uses valid definitions in which every visibility occurs', () => {
    for (const definitions of [BUILT_IN_FIELD_DEFINITIONS, ALL_VISIBILITIES_DEFINITIONS]) {
      expect(checkFieldDefinitions(definitions)).toEqual([]);
    }
    expect(new Set(ALL_VISIBILITIES_DEFINITIONS.map((field) => field.visibility)).size).toBe(4);
  });
}

interface Readers {
  subject: PrivateEmployee;
  cookies: Record<ReaderKind, string>;
}

async function addReader(app: AppUnderTest, input: Partial<NewEmployee> & { firstName: string }) {
  const employee = await insertEmployee(app.platform.db, {
    lastName: 'Reader',
    preferredName: null,
    workEmail: `${input.firstName.toLowerCase()}.reader@xyz.example`,
    workPhone: null,
    jobTitle: 'Engineer',
    department: 'Engineering',
    managerId: null,
    officeLocation: null,
    startDate: null,
    bio: null,
    personalEmail: null,
    personalPhone: null,
    emergencyContactName: null,
    emergencyContactPhone: null,
    status: 'active',
    ...input,
  });
  await setPassword(app.platform.db, employee.id, CAST_PASSWORD);
  return employee;
}

/** The person read, their manager chain two deep, a peer and HR, each signed in. */
async function castReaders(app: AppUnderTest): Promise<Readers> {
  const managersManager = await addReader(app, { firstName: 'Gideon' });
  const manager = await addReader(app, { firstName: 'Marguerite', managerId: managersManager.id });
  const probe = (field: BuiltInFieldKey) => PROBES[field] as string;
  const subject = await addReader(app, {
    firstName: probe('firstName'),
    lastName: probe('lastName'),
    preferredName: probe('preferredName'),
    workEmail: probe('workEmail'),
    workPhone: probe('workPhone'),
    jobTitle: probe('jobTitle'),
    officeLocation: probe('officeLocation'),
    startDate: probe('startDate'),
    bio: probe('bio'),
    skills: [probe('skills')],
    personalEmail: probe('personalEmail'),
    personalPhone: probe('personalPhone'),
    emergencyContactName: probe('emergencyContactName'),
    emergencyContactPhone: probe('emergencyContactPhone'),
    managerId: manager.id,
  });
  const peer = await addReader(app, { firstName: 'Percival' });
  const hr = await addReader(app, { firstName: 'Henrietta', role: 'admin' });
  for (const custom of CUSTOM_PROBES) {
    await insertCustomFieldDefinition(app.platform.db, {
      key: custom.key,
      label: `Probe field ${custom.key.slice('probe_'.length)}`,
      helpText: null,
      type: 'short-text',
      required: false,
      visibility: custom.visibility,
      editableBy: 'hr',
      needsApproval: false,
      searchable: true,
      facet: true,
      section: null,
      retired: false,
      options: [],
    });
  }
  await app.platform.db.models.Employee.update(
    { customFields: JSON.stringify(Object.fromEntries(CUSTOM_PROBES.map((custom) => [custom.key, custom.value]))) },
    { where: { id: subject.id } },
  );
  // Written beside the app, as another worker would: its next request re-reads them.
  app.platform.customFieldsVersion = -1;
  // The directory reads the search index (built by the server process at start, then kept by its subscriber from
  // events): built here from these rows, which were written directly.
  await app.platform.search.rebuild(streamSearchDocuments(app.platform.db));
  return {
    subject,
    cookies: {
      person: await signIn(app, subject),
      peer: await signIn(app, peer),
      manager: await signIn(app, manager),
      managersManager: await signIn(app, managersManager),
      hr: await signIn(app, hr),
      visitor: '',
    },
  };
}

export function runFieldMatrix(dialect: TestDialect) {
  describe(`the field matrix (${dialect})`, () => {
    let app: AppUnderTest;
    let readers: Readers;
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'field-matrix-'));

    beforeAll(async () => {
      app = await startAppUnderTest({ dialect });
      readers = await castReaders(app);
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      fs.rmSync(directory, { recursive: true, force: true });
    });

    /** The answer as text: a ZIP's data.json, or the body. */
    async function answerText(surface: Surface, url: string, cookie: string): Promise<string> {
      const response = await app.fetch(
        new Request(`${APP_ORIGIN}${url}`, { headers: cookie ? { Cookie: cookie } : {} }),
        { clientAddress: '10.77.0.1' },
      );
      if (!surface.zip || response.status !== 200) return response.text();
      const file = path.join(directory, `${Math.random().toString(36).slice(2)}.zip`);
      fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
      return execFileSync('unzip', ['-p', file, 'data.json'], { encoding: 'utf8' });
    }

    for (const [name, definitions] of [
      ['built-in definitions', BUILT_IN_FIELD_DEFINITIONS],
      ['every visibility (test-only definitions)', ALL_VISIBILITIES_DEFINITIONS],
    ] as const) {
      it(`shows each field exactly where its visibility allows: ${name}`, async () => {
        app.platform.fieldDefinitions = definitions;
        const probed = definitions.filter((field) => typeof PROBES[field.key] === 'string');
        const wrong: string[] = [];
        let cells = 0;
        let shown = 0;
        for (const [surfaceName, surface] of Object.entries(SURFACES)) {
          for (const reader of READER_KINDS) {
            const url = surface.url(reader, readers.subject.id);
            if (url === null) continue;
            const text = await answerText(surface, url, readers.cookies[reader]);
            for (const field of probed) {
              // Every page's header names the signed-in reader (the root layout), refusals included: the
              // person's own display name there is not this surface showing it.
              const ownNameInHeader =
                reader === 'person' && NAMED_IN_LISTS.includes(field.key) && !surface.opens.includes(reader);
              if (ownNameInHeader) continue;
              cells += 1;
              const expected = expectedPresent(surface, definitions, field.key, reader);
              const actual = text.includes(PROBES[field.key] as string);
              if (actual) shown += 1;
              if (expected !== actual) {
                wrong.push(`${surfaceName} · ${reader} · ${field.key}: expected ${expected ? 'shown' : 'hidden'}`);
              }
            }
            for (const custom of CUSTOM_PROBES) {
              cells += 1;
              const expected = expectedCustomPresent(surface, custom.visibility, reader);
              const actual = text.includes(custom.value);
              if (actual) shown += 1;
              if (expected !== actual) {
                wrong.push(
                  `${surfaceName} · ${reader} · custom ${custom.key}: expected ${expected ? 'shown' : 'hidden'}`,
                );
              }
            }
          }
        }
        console.log(
          `field matrix (${dialect}, ${name}): ${Object.keys(SURFACES).length} surfaces × ${READER_KINDS.length} ` +
            `reader kinds × (${probed.length} probed fields + ${CUSTOM_PROBES.length} HR-defined) = ${cells} cells ` +
            `(readers without a URL for the person skipped), ${shown} showing the value`,
        );
        expect(wrong, 'cells where a field is shown or hidden against its visibility').toEqual([]);
      }, 120_000);
    }
  });
}
