/**
 * HR's approval of a person's changes to a field HR defines, through the app
 * (docs/decisions/323-field-change-approval.md): HR marks a field so, a change on /me waits (shown beside the field)
 * while the rest of the form saves, only HR opens the list and decides, nobody decides their own change, a bad
 * decision is refused with its message (400) and writes nothing, and the person reads the outcome on /me.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listChangesOf } from '~/models/field-change-requests.server';
import { alertsOf } from '@test-support/http/response-outcome';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from '@test-support/http/app-under-test';
import { createCast, type Cast, type Person } from '@test-support/http/people';

describe("changes that wait for HR's approval, through the app", () => {
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
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: APP_ORIGIN, Cookie: person.cookie },
        body: new URLSearchParams(fields),
      }),
    );
    const text = await response.text();
    return { status: response.status, text, alerts: alertsOf(text) };
  };
  const saveMe = (person: Person, desk: string, jobTitle = person.employee.jobTitle) =>
    post('/me', person, [
      ['intent', 'profile'],
      ['firstName', person.employee.firstName],
      ['lastName', person.employee.lastName],
      ['jobTitle', jobTitle],
      ['department', person.employee.department],
      ['workEmail', person.employee.workEmail],
      ['personalEmail', person.employee.personalEmail ?? ''],
      ['custom.desk', desk],
    ]);
  const storedDesk = async (person: Person) => {
    const row = (await app.platform.db.models.Employee.findByPk(person.employee.id, {
      attributes: ['customFields', 'jobTitle'],
      raw: true,
    })) as unknown as { customFields: string | null; jobTitle: string };
    return { desk: JSON.parse(row.customFields ?? '{}').desk ?? null, jobTitle: row.jobTitle };
  };
  const pendingOf = async (person: Person) =>
    (await listChangesOf(app.platform.db, person.employee.id)).filter((change) => !change.decidedAt);

  it("lets HR mark a field's changes as waiting for approval, only when the person may change it", async () => {
    const add = (editableBy: string) =>
      post('/admin/fields', cast.admin, [
        ['intent', 'add'],
        ['key', 'desk'],
        ['type', 'short-text'],
        ['label', 'Desk'],
        ['visibility', 'person-and-hr'],
        ['editableBy', editableBy],
        ['needsApproval', 'on'],
      ]);
    expect((await add('hr')).text).toContain('Only a change by the person can wait for HR’s approval');
    expect((await add('person')).text).toContain('Field “Desk” added.');
  });

  it('keeps a change on /me waiting, shown beside the field, while the rest of the form saves', async () => {
    const saved = await saveMe(cast.active, 'Floor 3, desk 7', 'Senior Tester');
    expect(saved.alerts).toEqual([]);
    expect(saved.text).toContain('Your change to “Desk” waits for HR’s approval.');
    expect(await storedDesk(cast.active)).toEqual({ desk: null, jobTitle: 'Senior Tester' });
    expect((await get('/me', cast.active)).text).toContain('Waiting for HR’s approval: Floor 3, desk 7');
    // A wrong value is refused with the field's message, as without approval, and asks for nothing.
    const refused = await saveMe(cast.active, 'x'.repeat(201));
    expect(refused.text).toContain('Desk must be at most 200 characters');
    expect((await pendingOf(cast.active)).map((change) => change.newValue)).toEqual(['Floor 3, desk 7']);
    // HR's own change waits too, for another HR person.
    await saveMe(cast.admin, 'Floor 1');
  });

  it('lets only HR open the list, linked from the admin menu with the count, and decide', async () => {
    expect((await get('/admin', cast.admin)).text).toMatch(
      /href="\/admin\/field-changes">Changes to approve<!-- --> \(2\)/,
    );
    const page = await get('/admin/field-changes', cast.admin);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Floor 3, desk 7');
    expect(page.text).toContain('another HR person decides on it');
    const [change] = await pendingOf(cast.active);
    for (const person of [cast.active, cast.colleague, cast.pending]) {
      expect((await get('/admin/field-changes', person)).status).toBe(403);
      const decided = await post('/admin/field-changes', person, [
        ['intent', 'approve'],
        ['id', change.id],
      ]);
      expect(decided.status).toBe(403);
    }
    expect(await storedDesk(cast.active)).toMatchObject({ desk: null });
  });

  it('refuses a bad decision with a clear message (400) and writes nothing', async () => {
    const [change] = await pendingOf(cast.active);
    const [own] = await pendingOf(cast.admin);
    const cases: Array<[Array<[string, string]>, number, string]> = [
      [
        [
          ['intent', 'refuse'],
          ['id', change.id],
        ],
        400,
        'Give the reason for the refusal',
      ],
      [
        [
          ['intent', 'refuse'],
          ['id', change.id],
          ['reason', '   '],
        ],
        400,
        'Give the reason for the refusal',
      ],
      [
        [
          ['intent', 'refuse'],
          ['id', change.id],
          ['reason', 'No\u0000'],
        ],
        400,
        'Reason may not contain control characters',
      ],
      [
        [
          ['intent', 'approve'],
          ['id', '../../etc'],
        ],
        400,
        'This change no longer exists. Reload the page.',
      ],
      [
        [
          ['intent', 'approve'],
          ['id', '3b0f0c2e-1111-4aaa-8bbb-123456789abc'],
        ],
        404,
        'This change no longer exists.',
      ],
      [
        [
          ['intent', 'erase'],
          ['id', change.id],
        ],
        400,
        'Choose Approve or Refuse.',
      ],
      [
        [
          ['intent', 'approve'],
          ['id', own.id],
        ],
        403,
        'You cannot decide on a change to your own profile',
      ],
    ];
    for (const [form, status, message] of cases) {
      const answer = await post('/admin/field-changes', cast.admin, form);
      expect(answer.status, JSON.stringify(form)).toBe(status);
      expect(answer.text, JSON.stringify(form)).toContain(message);
    }
    expect(await pendingOf(cast.active)).toHaveLength(1);
    expect(await pendingOf(cast.admin)).toHaveLength(1);
    expect(await storedDesk(cast.active)).toMatchObject({ desk: null });
  });

  it('approves: the value is on the profile, and the person reads the outcome on /me', async () => {
    const [change] = await pendingOf(cast.active);
    const approved = await post('/admin/field-changes', cast.admin, [
      ['intent', 'approve'],
      ['id', change.id],
    ]);
    expect(approved.status).toBe(200);
    expect(approved.text).toContain('Change to “Desk” approved and saved');
    expect(await storedDesk(cast.active)).toMatchObject({ desk: 'Floor 3, desk 7' });
    const me = await get('/me', cast.active);
    expect(me.text).toContain('HR approved your change to “Desk”.');
    expect(me.text).not.toContain('data-testid="waiting-desk"'); // the note beside the field (its words are also in the page's catalogue script)
  });
});
