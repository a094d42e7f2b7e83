import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '~/db/database.server';
import type { Platform } from '~/platform.server';
import { addEmployee, openTestDatabase } from '@test-support/auth-database';
import { parseProfileForm, valuesFromEmployee, type FormValues } from './profile-form.server';

let db: Database;
let close: () => Promise<void>;
let platform: Platform;
let manager: Awaited<ReturnType<typeof addEmployee>>;
let other: Awaited<ReturnType<typeof addEmployee>>;
let pending: Awaited<ReturnType<typeof addEmployee>>;

// "Ada Lovelace · Engineering": every employee addEmployee makes has this label.
const LABEL = 'Ada Lovelace · Engineering';

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
  // parseProfileForm reads only the database and the allowed email domains.
  platform = { db, env: { ALLOWED_EMAIL_DOMAINS: ['xyz.example'] } } as unknown as Platform;
  manager = await addEmployee(db, { email: 'manager@xyz.example' });
  other = await addEmployee(db, { email: 'other@xyz.example' });
  pending = await addEmployee(db, { email: 'pending@xyz.example', status: 'pending' });
});
afterAll(async () => close());

function form(manager: Partial<Pick<FormValues, 'managerEmail' | 'managerPick'>>): FormValues {
  return {
    firstName: 'New',
    lastName: 'Starter',
    workEmail: 'new.starter@xyz.example',
    jobTitle: 'Analyst',
    department: 'Finance',
    ...manager,
  };
}

describe('the manager field', () => {
  it('takes the picked id while the field shows that person’s label', async () => {
    const parsed = await parseProfileForm(platform, form({ managerEmail: LABEL, managerPick: manager.id }), {});
    expect(parsed.errors).toBeNull();
    expect(parsed.fields?.managerId).toBe(manager.id);
  });

  it('still takes a typed work email, which wins over a stale pick', async () => {
    const typed = await parseProfileForm(platform, form({ managerEmail: 'OTHER@xyz.example' }), {});
    expect(typed.fields?.managerId).toBe(other.id);
    const stale = await parseProfileForm(
      platform,
      form({ managerEmail: 'other@xyz.example', managerPick: manager.id }),
      {},
    );
    expect(stale.fields?.managerId).toBe(other.id);
  });

  it('refuses a name that was not picked, a forged pick and a pending person, without naming anyone', async () => {
    for (const values of [
      { managerEmail: 'Ada Lovelace' },
      { managerEmail: LABEL, managerPick: 'not-an-id' },
      { managerEmail: LABEL, managerPick: '00000000-0000-4000-8000-000000000000' },
      { managerEmail: LABEL, managerPick: pending.id },
    ]) {
      const parsed = await parseProfileForm(platform, form(values), {});
      expect(parsed.errors?.managerEmail, JSON.stringify(values)).toMatch(/^Pick your manager from the suggestions/);
    }
    const unknown = await parseProfileForm(platform, form({ managerEmail: 'nobody@xyz.example' }), {});
    expect(unknown.errors?.managerEmail).toMatch(/^No active employee has this work email/);
  });

  it('shows a stored manager as a pick, never as their work email', async () => {
    const values = await valuesFromEmployee(platform, { firstName: 'New', managerId: manager.id });
    expect(values.managerEmail).toBe(LABEL);
    expect(values.managerPick).toBe(manager.id);
    expect(JSON.stringify(values)).not.toContain('manager@xyz.example');
  });
});
