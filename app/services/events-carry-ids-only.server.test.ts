/**
 * The outbox keeps events for good, so what the services write into it names nobody
 * (docs/decisions/021-events-carry-ids-only.md): a person joins, is rejected with a reason, asks for a reset
 * link, and every subscriber has done its job, yet no event row holds one of their values.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { readMailbox } from '@test-support/mail';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { createSubscribers } from '~/subscribers/index.server';
import { createEmployee, rejectEmployee } from './employees.server';
import { dispatchEvents } from './event-dispatcher.server';
import { listRecordedNotifications } from './notifications.server';
import { sendPasswordResetLink } from './password-reset-link.server';
import { employeeIdOf } from '@test-support/notification-messages';

const PERSON = {
  firstName: 'Odile',
  lastName: 'Quenneville',
  workEmail: 'odile.quenneville@xyz.example',
  workPhone: '+44 20 7946 0321',
  jobTitle: 'Cartographer',
  department: 'Surveys',
  personalEmail: 'odile.home@example.com',
  personalPhone: '+44 7700 900777',
  emergencyContactName: 'Yves Quenneville',
  emergencyContactPhone: '+44 7700 900888',
};
const REASON = 'Odile, please use the photo from your badge.';

describe('events written by the services', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ photoTrigger: false, env: { PUBLIC_URL: 'https://people.xyz.example' } });
  });
  afterAll(async () => platform?.close());

  it('hold ids and words only, while HR and the person are still told', async () => {
    const employee = await createEmployee(platform, { fields: employeeFieldsSchema.parse(PERSON) });
    await rejectEmployee(platform, 'hr-1', employee.id, REASON);
    await sendPasswordResetLink(platform, employee.id, 'https://people.xyz.example');
    await dispatchEvents(platform.db, createSubscribers(platform));

    const rows = (await platform.db.models.Event.findAll({
      where: { employeeId: employee.id },
      raw: true,
    })) as unknown as Array<{
      type: string;
      body: string;
    }>;
    expect(rows.map((row) => row.type)).toEqual(
      expect.arrayContaining(['employee.created', 'employee.status-changed', 'employee.password-reset-requested']),
    );
    const personal = [
      ...Object.values(PERSON),
      REASON,
      employee.employeeNumber,
      `${PERSON.firstName} ${PERSON.lastName}`,
    ];
    for (const row of rows) {
      for (const value of personal) expect(row.body, `${row.type} holds "${value}"`).not.toContain(value);
    }

    // HR heard of the new profile by id; the person got the rejection with HR's reason, read from their row.
    const told = await listRecordedNotifications(platform.db);
    expect(told.find((notification) => employeeIdOf(notification.message) === employee.id)?.subject).toBe(
      'New employee profile waiting for HR',
    );
    for (const notification of told) for (const value of personal) expect(notification.body).not.toContain(value);
    const mails = readMailbox(path.join(platform.env.dataDir, 'mail')).filter((mail) =>
      mail.to.includes(PERSON.workEmail),
    );
    expect(mails.find((mail) => mail.subject === 'Your employee profile needs changes')?.text).toContain(REASON);
  });
});
