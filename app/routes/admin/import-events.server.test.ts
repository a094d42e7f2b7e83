/**
 * The CSV import goes through the same service as /join: each imported employee gets the same activity entry
 * and the same `employee.created` event (source `import`), and the notification subscriber hears of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { getEmployeeByEmail } from '~/models/employee.server';
import { listActivity } from '~/models/metadata.server';
import { getEmployeeEvents } from '~/services/domain-events.server';
import { createEmployee } from '~/services/employees.server';
import { dispatchEvents } from '~/services/event-dispatcher.server';
import { listRecordedNotifications } from '~/services/notifications.server';
import { createSubscribers } from '~/subscribers/index.server';
import { importEmployeesCsv } from './import.server';
import { metadataTable } from '@shared/metadata-table';
import { employeeIdOf } from '@test-support/notification-messages';

describe('CSV import events', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ photoTrigger: false });
  });
  afterAll(async () => platform?.close());

  it('emits the same events and activity as a profile created through /join', async () => {
    const joined = await createEmployee(platform, {
      fields: employeeFieldsSchema.parse({
        firstName: 'Jo',
        lastName: 'Joiner',
        workEmail: 'jo.joiner@xyz.example',
        jobTitle: 'Engineer',
        department: 'Engineering',
      }),
    });
    const result = await importEmployeesCsv(
      platform,
      'admin-1',
      'firstName,lastName,workEmail,jobTitle,department\nIma,Importer,ima.importer@xyz.example,Engineer,Engineering\n',
    );
    expect(result).toMatchObject({ ok: true, imported: 1 });
    const imported = (await getEmployeeByEmail(platform.db, 'ima.importer@xyz.example'))!;

    const joinedEvents = await getEmployeeEvents(platform.db, joined.id);
    const importedEvents = await getEmployeeEvents(platform.db, imported.id);
    expect(importedEvents.map((event) => event.type)).toEqual(joinedEvents.map((event) => event.type));
    expect(importedEvents).toEqual([
      expect.objectContaining({
        type: 'employee.created',
        source: 'import',
        actorId: 'admin-1',
        employee: { status: 'active', role: 'employee' },
      }),
    ]);
    expect(joinedEvents[0]).toMatchObject({ source: 'join' });

    const activity = await listActivity(metadataTable(platform), imported.id);
    expect(activity.entries.map((entry) => entry.action)).toEqual(['employee.created']);

    await dispatchEvents(platform.db, createSubscribers(platform));
    // HR hears of both by id and status, never by name (docs/decisions/021-events-carry-ids-only.md).
    const told = (await listRecordedNotifications(platform.db)).map((notification) => [
      notification.subject,
      employeeIdOf(notification.message),
    ]);
    expect(told).toEqual(
      expect.arrayContaining([
        ['New employee profile waiting for HR', joined.id],
        ['New employee profile (active)', imported.id],
      ]),
    );
  });
});
