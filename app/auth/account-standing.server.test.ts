import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '~/db/database.server';
import { setEmployeeRole, setEmployeeStatus } from '~/models/employee.server';
import { listHrContacts } from '~/models/hr-contacts.server';
import { recordEvent } from '~/services/domain-events.server';
import { addEmployee, openTestDatabase } from '@test-support/auth-database';
import { describeInactiveAccount } from './account-standing.server';

let db: Database;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
});
afterAll(async () => close());

async function changeStatus(
  employeeId: string,
  change: 'rejected' | 'deactivated',
  from: 'pending' | 'active',
  reason: string | null,
) {
  await setEmployeeStatus(db, employeeId, 'inactive', reason);
  await recordEvent(db, {
    type: 'employee.status-changed',
    version: 2,
    employeeId,
    actorId: 'system',
    change,
    from,
    to: 'inactive',
  });
}

describe('what an employee who cannot sign in is told', () => {
  it('names the active HR admins as contacts, not inactive ones or employees', async () => {
    const hr = await addEmployee(db, { email: 'zoe.hr@xyz.example' });
    await setEmployeeRole(db, hr.id, 'admin');
    const formerHr = await addEmployee(db, { email: 'former.hr@xyz.example' });
    await setEmployeeRole(db, formerHr.id, 'admin');
    await setEmployeeStatus(db, formerHr.id, 'inactive', null);
    const contacts = await listHrContacts(db);
    expect(contacts).toEqual([{ displayName: 'Ada Lovelace', workEmail: 'zoe.hr@xyz.example' }]);
  });

  it('says "deactivated" and keeps HR\'s note for the record to itself', async () => {
    const employee = await addEmployee(db, { status: 'active' });
    await changeStatus(employee.id, 'deactivated', 'active', 'internal: left for a competitor');
    const notice = await describeInactiveAccount(db, employee.id);
    expect(notice).toMatchObject({ kind: 'deactivated', reason: null });
    expect(notice.hrContacts.map((contact) => contact.workEmail)).toContain('zoe.hr@xyz.example');
  });

  it('says "not approved" with the reason HR wrote for the employee, even after earlier changes', async () => {
    const employee = await addEmployee(db, { status: 'pending' });
    await recordEvent(db, {
      type: 'employee.status-changed',
      version: 2,
      employeeId: employee.id,
      actorId: 'system',
      change: 'deactivated',
      from: 'active',
      to: 'inactive',
    });
    await changeStatus(employee.id, 'rejected', 'pending', 'Please use your legal last name.');
    expect(await describeInactiveAccount(db, employee.id)).toMatchObject({
      kind: 'not-approved',
      reason: 'Please use your legal last name.',
    });
  });

  it('falls back to "deactivated" when no status change was recorded', async () => {
    const employee = await addEmployee(db, { status: 'inactive' });
    expect(await describeInactiveAccount(db, employee.id)).toMatchObject({ kind: 'deactivated', reason: null });
  });
});
