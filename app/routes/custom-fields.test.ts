/**
 * Fields HR defines, through the app (docs/decisions/023-hr-defined-field-storage.md): HR adds one of each type on
 * /admin/fields, an employee fills the ones HR lets them change on /me (refused per field with the type's message),
 * HR fills every one on the employee page, the values show through the gate, a rename keeps them, a retired field
 * is hidden with its value kept, a retired option stays with those who chose it, the export carries the fields,
 * and the profile's event names the keys, never the values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCustomFieldDefinitions } from '~/models/custom-field-store.server';
import { CUSTOM_FIELD_TYPES } from '~/models/custom-fields';
import { alertsOf } from '@test-support/http/response-outcome';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from '@test-support/http/app-under-test';
import { createCast, type Cast, type Person } from '@test-support/http/people';

/** One field of each type, each with what the employee types and how the page shows it. */
const FIELDS = [
  { key: 'pronouns', type: 'short-text', label: 'Pronouns', typed: 'they/them', shown: 'they/them' },
  {
    key: 'about_work',
    type: 'long-text',
    label: 'How I work',
    typed: 'Mornings, async first.',
    shown: 'Mornings, async first.',
  },
  { key: 'shirt', type: 'one-choice', label: 'T-shirt size', options: 'Small\nLarge', typed: 'large', shown: 'Large' },
  {
    key: 'languages',
    type: 'several-choices',
    label: 'Languages',
    options: 'Welsh\nBasque\nFrench',
    typed: ['welsh', 'basque'],
    shown: 'Welsh, Basque',
  },
  { key: 'anniversary', type: 'date', label: 'Anniversary', typed: '2019-05-04', shown: '2019-05-04' },
  { key: 'desk_floor', type: 'number', label: 'Desk floor', typed: '4', shown: '4' },
  {
    key: 'homepage',
    type: 'url',
    label: 'Homepage',
    typed: 'https://ada.example/notes',
    shown: 'https://ada.example/notes',
  },
  { key: 'alt_email', type: 'email', label: 'Second email', typed: 'ada@alt.example', shown: 'ada@alt.example' },
  { key: 'desk_phone', type: 'phone', label: 'Desk phone', typed: '+44 20 7946 0999', shown: '+44 20 7946 0999' },
] as const;

describe('fields HR defines, through the app', () => {
  let app: AppUnderTest;
  let cast: Cast;

  beforeAll(async () => {
    app = await startAppUnderTest({ dialect: 'sqlite' });
    cast = await createCast(app);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  const get = async (url: string, person: Person) => {
    const response = await app.fetch(new Request(`${APP_ORIGIN}${url}`, { headers: { Cookie: person.cookie } }));
    return { status: response.status, text: await response.text() };
  };
  const post = async (url: string, person: Person, fields: Array<[string, string]>) => {
    const response = await app.fetch(
      new Request(`${APP_ORIGIN}${url}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Origin: APP_ORIGIN,
          Cookie: person.cookie,
        },
        body: new URLSearchParams(fields),
      }),
    );
    const text = await response.text();
    return { status: response.status, text, alerts: alertsOf(text), saved: text.includes('alert--success') };
  };
  /** The values as the employee row holds them (JSON), or null. */
  const storedValues = async (person: Person) => {
    const row = await app.platform.db.models.Employee.findByPk(person.employee.id, {
      attributes: ['customFields'],
      raw: true,
    });
    return (row as unknown as { customFields: string | null }).customFields;
  };
  /** The built-in fields of /me's form as they are, so only the custom ones change. */
  const profileForm = (person: Person): Array<[string, string]> => [
    ['intent', 'profile'],
    ['firstName', person.employee.firstName],
    ['lastName', person.employee.lastName],
    ['jobTitle', person.employee.jobTitle],
    ['department', person.employee.department],
    ['workEmail', person.employee.workEmail],
    ['personalEmail', person.employee.personalEmail ?? ''],
  ];
  const typedValues = (): Array<[string, string]> =>
    FIELDS.flatMap((field) =>
      typeof field.typed === 'string'
        ? [[`custom.${field.key}`, field.typed] as [string, string]]
        : field.typed.map((value) => [`custom.${field.key}`, value] as [string, string]),
    );

  it('lets HR alone open /admin/fields, linked from the admin menu', async () => {
    const page = await get('/admin/fields', cast.admin);
    expect(page.status).toBe(200);
    expect(page.text).toContain('No fields defined yet');
    expect((await get('/admin', cast.admin)).text).toContain('href="/admin/fields"');
    expect((await get('/admin/fields', cast.active)).status).toBe(403);
    expect((await post('/admin/fields', cast.active, [['intent', 'add']])).status).toBe(403);
  });

  it('adds one field of each type; refuses a bad one beside its field, storing nothing', async () => {
    expect(CUSTOM_FIELD_TYPES).toEqual(FIELDS.map((field) => field.type));
    for (const field of FIELDS) {
      const answer = await post('/admin/fields', cast.admin, [
        ['intent', 'add'],
        ['key', field.key],
        ['type', field.type],
        ['label', field.label],
        ['helpText', `Help for ${field.label}`],
        ['visibility', field.key === 'alt_email' ? 'person-and-hr' : 'everyone'],
        ['editableBy', 'person'],
        ['options', 'options' in field ? field.options : ''],
        ...(field.key === 'pronouns' ? [['section', 'About me'] as [string, string]] : []),
      ]);
      expect(answer.alerts, field.key).toEqual([]);
      expect(answer.text).toContain(`Field “${field.label}” added.`);
    }
    // HR only: the person cannot change it, and only HR sees it.
    const hrOnly = await post('/admin/fields', cast.admin, [
      ['intent', 'add'],
      ['key', 'clearance'],
      ['type', 'short-text'],
      ['label', 'Clearance'],
      ['visibility', 'hr'],
      ['editableBy', 'hr'],
    ]);
    expect(hrOnly.saved).toBe(true);

    const before = await listCustomFieldDefinitions(app.platform.db);
    const refused = await post('/admin/fields', cast.admin, [
      ['intent', 'add'],
      ['key', 'pronouns'],
      ['type', 'rich-text'],
      ['label', ''],
      ['visibility', 'everyone'],
      ['editableBy', 'person'],
    ]);
    expect(refused.status).toBe(200);
    expect(refused.alerts).toEqual(
      expect.arrayContaining(['Please correct the fields marked below.', 'Label is required', 'Choose a type']),
    );
    const duplicate = await post('/admin/fields', cast.admin, [
      ['intent', 'add'],
      ['key', 'pronouns'],
      ['type', 'short-text'],
      ['label', 'Pronouns again'],
      ['visibility', 'everyone'],
      ['editableBy', 'person'],
    ]);
    expect(duplicate.alerts).toContain('A field with the key pronouns exists already (retired fields keep their key)');
    expect(await listCustomFieldDefinitions(app.platform.db)).toEqual(before);
    expect(before.map((field) => field.key)).toEqual([...FIELDS.map((field) => field.key), 'clearance']);
  });

  it("shows the person the fields they may fill on /me, and refuses a bad value per field with its type's message", async () => {
    const me = await get('/me', cast.active);
    for (const field of FIELDS) expect(me.text).toContain(`name="custom.${field.key}"`);
    expect(me.text).not.toContain('name="custom.clearance"');
    expect(me.text).toContain('Help for Pronouns');

    const refused = await post('/me', cast.active, [
      ...profileForm(cast.active),
      ['custom.desk_floor', 'fourth'],
      ['custom.homepage', 'javascript:alert(1)'],
      ['custom.shirt', 'medium'],
    ]);
    expect(refused.alerts).toEqual(
      expect.arrayContaining([
        'Please correct the fields marked below.',
        'Desk floor must be a number, such as 42 or 3.5',
        'Homepage must be a web address starting with https:// or http://',
        'T-shirt size: pick one of the options offered',
      ]),
    );
    expect(await storedValues(cast.active)).toBeNull();
  });

  it('saves the values, names the keys (never the values) in the event, and shows them through the gate', async () => {
    const saved = await post('/me', cast.active, [
      ...profileForm(cast.active),
      ...typedValues(),
      // Not the person's to change: ignored.
      ['custom.clearance', 'Top secret'],
    ]);
    expect(saved.alerts).toEqual([]);
    expect(saved.saved).toBe(true);

    const events = (await app.platform.db.models.Event.findAll({
      where: { employeeId: cast.active.employee.id, type: 'employee.updated' },
      order: [['seq', 'DESC']],
      raw: true,
    })) as unknown as Array<{ body: string }>;
    const body = JSON.parse(events[0]!.body) as { changedFields: string[] };
    expect(body.changedFields.sort()).toEqual(FIELDS.map((field) => `custom.${field.key}`).sort());
    // Each distinctive value (a short number could be part of an id).
    for (const field of FIELDS) if (field.shown.length > 4) expect(events[0]!.body).not.toContain(field.shown);

    const asColleague = (await get(`/employees/${cast.active.employee.id}`, cast.colleague)).text;
    for (const field of FIELDS) {
      if (field.key === 'alt_email') expect(asColleague).not.toContain(field.shown);
      else expect(asColleague, field.key).toContain(field.shown);
    }
    expect(asColleague).toContain('About me');
    const asSelf = (await get('/me', cast.active)).text;
    expect(asSelf).toContain('ada@alt.example');
    expect(asSelf).not.toContain('Top secret');
  });

  it('lets HR fill every field on the employee page, the HR-only one included, hidden from everyone else', async () => {
    const page = (await get(`/admin/employees/${cast.active.employee.id}`, cast.admin)).text;
    expect(page).toContain('name="custom.clearance"');
    expect(page).toContain('value="they/them"');
    const saved = await post(`/admin/employees/${cast.active.employee.id}`, cast.admin, [
      ...profileForm(cast.active),
      ...typedValues(),
      ['custom.clearance', 'Level Ultraviolet'],
    ]);
    expect(saved.alerts).toEqual([]);
    expect(saved.text).toContain('Profile saved.');
    expect((await get(`/employees/${cast.active.employee.id}`, cast.admin)).text).toContain('Level Ultraviolet');
    expect((await get(`/employees/${cast.active.employee.id}`, cast.colleague)).text).not.toContain(
      'Level Ultraviolet',
    );
    expect((await get('/me', cast.active)).text).not.toContain('Level Ultraviolet');

    const csv = await app.fetch(
      new Request(`${APP_ORIGIN}/admin/export.csv`, { headers: { Cookie: cast.admin.cookie } }),
    );
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toContain('custom.pronouns');
    expect(lines[0]).toContain('custom.clearance');
    const row = lines.find((line) => line.includes(cast.active.employee.workEmail))!;
    expect(row).toContain('they/them');
    expect(row).toContain('Level Ultraviolet');
    expect(row).toContain('"Welsh, Basque"');
  });

  it('renames a field keeping its values; retires it hidden with the value kept; retires an option kept by who chose it', async () => {
    const renamed = await post('/admin/fields', cast.admin, [
      ['intent', 'edit'],
      ['key', 'pronouns'],
      ['label', 'My pronouns'],
      ['visibility', 'everyone'],
      ['editableBy', 'person'],
      ['section', 'About me'],
    ]);
    expect(renamed.text).toContain('Field “My pronouns” saved.');
    let profile = (await get(`/employees/${cast.active.employee.id}`, cast.colleague)).text;
    expect(profile).toContain('My pronouns');
    expect(profile).toContain('they/them');

    expect(
      (
        await post('/admin/fields', cast.admin, [
          ['intent', 'retire-option'],
          ['key', 'shirt'],
          ['option', 'large'],
        ])
      ).saved,
    ).toBe(true);
    const me = (await get('/me', cast.active)).text;
    expect(me).toContain('<option value="large" selected="">Large</option>');
    const otherForm = (await get('/me', cast.colleague)).text;
    expect(otherForm).not.toContain('<option value="large"');
    expect(
      (
        await post('/admin/fields', cast.admin, [
          ['intent', 'add-option'],
          ['key', 'shirt'],
          ['option', 'Medium'],
        ])
      ).saved,
    ).toBe(true);
    expect((await get('/me', cast.colleague)).text).toContain('<option value="medium">Medium</option>');

    expect(
      (
        await post('/admin/fields', cast.admin, [
          ['intent', 'retire'],
          ['key', 'pronouns'],
        ])
      ).saved,
    ).toBe(true);
    profile = (await get(`/employees/${cast.active.employee.id}`, cast.colleague)).text;
    expect(profile).not.toContain('they/them');
    expect((await get('/me', cast.active)).text).not.toContain('name="custom.pronouns"');
    expect(JSON.parse((await storedValues(cast.active))!).pronouns).toBe('they/them');

    expect(
      (
        await post('/admin/fields', cast.admin, [
          ['intent', 'move-up'],
          ['key', 'clearance'],
        ])
      ).saved,
    ).toBe(true);
    const order = (await listCustomFieldDefinitions(app.platform.db)).map((field) => field.key);
    expect(order.slice(-2)).toEqual(['clearance', 'desk_phone']);
  });

  it('answers a change to a field that does not exist with a message, not an error page', async () => {
    const answer = await post('/admin/fields', cast.admin, [
      ['intent', 'retire'],
      ['key', 'no_such_field'],
    ]);
    expect(answer.status).toBe(200);
    expect(answer.alerts).toEqual(['This field no longer exists. Reload the page.']);
    expect((await post('/admin/fields', cast.admin, [['intent', 'wipe']])).status).toBe(400);
  });
});
