/**
 * Fields HR defines on the newcomer's form and in /api/people (docs/decisions/023-hr-defined-field-storage.md):
 * /join offers those the person may change (not HR-only or retired ones), a required one missing or a wrong value
 * gets the message /me gives and stores nothing, a good one is written with the new employee; /api/people gives an
 * employee the fields everyone may see, by key with the label, and a visitor none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  insertCustomFieldDefinition,
  listCustomFieldDefinitions,
  updateCustomFieldDefinition,
} from '~/models/custom-field-store.server';
import type { CustomFieldDefinition } from '~/models/custom-fields';
import { getEmployeeByEmail } from '~/models/employee.server';
import { findJoinRequest } from '~/models/join-requests.server';
import { streamSearchDocuments } from '~/models/search-projection.server';
import { alertsOf } from '@test-support/http/response-outcome';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from '@test-support/http/app-under-test';
import { addPerson, signIn } from '@test-support/http/people';
import { createConfirmedJoinToken } from '@test-support/join-links';

const field = (
  key: string,
  label: string,
  more: Partial<CustomFieldDefinition> = {},
): Omit<CustomFieldDefinition, 'position'> => ({
  key,
  label,
  helpText: null,
  type: 'short-text',
  required: false,
  visibility: 'everyone',
  editableBy: 'person',
  searchable: false,
  facet: false,
  needsApproval: false,
  section: null,
  retired: false,
  options: [],
  ...more,
});

const PASSWORD = 'a long and private password 2026';

describe('fields HR defines on /join and in /api/people', () => {
  let app: AppUnderTest;

  beforeAll(async () => {
    app = await startAppUnderTest({ dialect: 'sqlite' });
    const db = app.platform.db;
    await insertCustomFieldDefinition(
      db,
      field('shirt', 'T-shirt size', {
        type: 'one-choice',
        required: true,
        options: [
          { value: 'small', label: 'Small', retired: false },
          { value: 'large', label: 'Large', retired: false },
          { value: 'huge', label: 'Huge', retired: true },
        ],
      }),
    );
    await insertCustomFieldDefinition(db, field('home_town', 'Home town', { visibility: 'person-and-hr' }));
    await insertCustomFieldDefinition(db, field('hr_note', 'HR note', { editableBy: 'hr', visibility: 'hr' }));
    await insertCustomFieldDefinition(db, field('old_badge', 'Old badge'));
    await updateCustomFieldDefinition(db, 'old_badge', (old) => ({ ...old, retired: true }));
    // Written beside the app, as another worker would: its next request re-reads them.
    app.platform.customFieldsVersion = -1;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  async function joinPost(path: '/join' | '/api/join', email: string, custom: Record<string, string>) {
    const token = await createConfirmedJoinToken(app.platform.db, email);
    const form = new FormData();
    const fields = {
      token,
      firstName: 'Nia',
      lastName: 'Newcomer',
      workEmail: email,
      jobTitle: 'Engineer',
      department: 'Engineering',
      password: PASSWORD,
      ...custom,
    };
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    const response = await app.fetch(
      // The page's form posts to the address it was opened at, the link's token included.
      new Request(`${APP_ORIGIN}${path === '/join' ? `/join?token=${token}` : path}`, {
        method: 'POST',
        headers: { Origin: APP_ORIGIN },
        body: form,
      }),
    );
    return { token, response, text: await response.text() };
  }

  it('offers the fields the person may fill in, required ones marked, not HR-only or retired ones', async () => {
    const token = await createConfirmedJoinToken(app.platform.db, 'offered@xyz.example');
    const page = await (await app.fetch(new Request(`${APP_ORIGIN}/join?token=${token}`))).text();
    expect(page).toContain('name="custom.shirt"');
    expect(page).toContain('name="custom.home_town"');
    expect(page).toContain('Home town (optional)');
    expect(page).not.toContain('custom.hr_note');
    expect(page).not.toContain('custom.old_badge');
    expect(page).not.toContain('>Huge<');
  });

  it('refuses a join without a required field with the form message, storing nothing', async () => {
    const { token, response, text } = await joinPost('/join', 'missing@xyz.example', {});
    expect(response.status).toBe(200);
    expect(alertsOf(text)).toContain('T-shirt size is required');
    expect(await getEmployeeByEmail(app.platform.db, 'missing@xyz.example')).toBeNull();
    // The link is not used up: the person fixes the form and sends it again.
    expect(await findJoinRequest(app.platform.db, token)).toBe('missing@xyz.example');
  });

  it('answers the JSON twin 400 with the message by field, for a retired option too', async () => {
    const { response, text } = await joinPost('/api/join', 'retired@xyz.example', { 'custom.shirt': 'huge' });
    expect(response.status).toBe(400);
    expect(JSON.parse(text).errors).toEqual({ 'custom.shirt': 'T-shirt size: pick one of the options offered' });
    expect(await getEmployeeByEmail(app.platform.db, 'retired@xyz.example')).toBeNull();
  });

  it('stores the values with the new employee, ignoring a field the person may not fill', async () => {
    const { response } = await joinPost('/api/join', 'joined@xyz.example', {
      'custom.shirt': 'large',
      'custom.home_town': 'Aberystwyth',
      'custom.hr_note': 'typed into a crafted post',
    });
    expect(response.status).toBe(200);
    const joined = await getEmployeeByEmail(app.platform.db, 'joined@xyz.example');
    expect(JSON.parse(joined!.customFields!)).toEqual({ shirt: 'large', home_town: 'Aberystwyth' });
  });

  it('/api/people gives an employee the fields everyone may see, by key with the label; a visitor none', async () => {
    const found = await addPerson(app, 'Quillon', 'active');
    const reader = await addPerson(app, 'Reeve', 'active');
    await app.platform.db.models.Employee.update(
      { customFields: JSON.stringify({ shirt: 'small', home_town: 'Tregaron', hr_note: 'Not for lists' }) },
      { where: { id: found.id } },
    );
    await app.platform.search.rebuild(streamSearchDocuments(app.platform.db));
    const ask = async (cookie: string) => {
      const response = await app.fetch(
        new Request(`${APP_ORIGIN}/api/people?q=Quillon`, { headers: cookie ? { Cookie: cookie } : {} }),
        { clientAddress: '10.88.0.1' },
      );
      return (await response.json()) as { people: Array<{ id: string; customFields: unknown }> };
    };
    const asEmployee = await ask(await signIn(app, reader));
    expect(asEmployee.people.find((person) => person.id === found.id)?.customFields).toEqual({
      shirt: { label: 'T-shirt size', value: 'small', text: 'Small' },
    });
    const asVisitor = await ask('');
    // A visitor (picking a manager before sign-in) gets no such key at all: a name, department and id.
    expect(asVisitor.people.find((person) => person.id === found.id)).not.toHaveProperty('customFields');
  });
});
