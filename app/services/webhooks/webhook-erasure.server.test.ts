/**
 * Webhooks and the erasure (docs/decisions/329-signed-webhooks.md, 020): the person's archive lists the systems told
 * about them; once their erasure is asked for, other systems hear only that they are gone: a delivery still waiting
 * is dropped, later events write none, `employee.deleted` is delivered, and the job waits for it before purging the
 * log, after which the residue scan finds nothing of them in any store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { startWebhookReceiver, type WebhookReceiver } from '@test-support/webhook-receiver';
import { localPorts } from '@test-support/erasure-suite';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { listWebhookDeliveriesAbout } from '~/models/webhook-deliveries.server';
import { createEmployee, deactivateEmployee } from '~/services/employees.server';
import { dispatchEvents } from '~/services/event-dispatcher.server';
import { requestErasure, runErasure } from '~/services/erasure.server';
import { readPersonIdentifiers } from '~/services/erasure/person-identifiers.server';
import { scanForResidue } from '~/services/residue-scan.server';
import { webhooksSection } from '~/services/personal-archive/webhooks-section.server';
import { createSubscribers } from '~/subscribers/index.server';
import { recordEvent } from '~/services/domain-events.server';
import { rebuildSearchIndex } from '~/services/search-reindex.server';
import { createDeliveryRunner } from './delivery-runner.server';
import { runWebhookAdminAction } from './webhook-admin.server';
import { WEBHOOK_EVENT_TYPE_NAMES } from './payload.server';

let platform: TestPlatform;
let receiver: WebhookReceiver;

beforeAll(async () => {
  platform = await startTestPlatform({ photoTrigger: false });
  await rebuildSearchIndex(platform);
  receiver = await startWebhookReceiver();
}, 60_000);

afterAll(async () => {
  await receiver?.close();
  await platform?.close();
});

const fields = (first: string, email: string) =>
  employeeFieldsSchema.parse({
    firstName: first,
    lastName: 'Webhookson',
    workEmail: email,
    jobTitle: 'Clerk',
    department: 'Finance',
  });

async function deliver() {
  const runner = createDeliveryRunner(platform);
  await runner.tick();
  await runner.idle();
}

describe('webhooks and the erasure (sqlite)', () => {
  it('tells other systems only of the erasure, then leaves nothing of the person in the delivery log', async () => {
    const registered = await runWebhookAdminAction(platform, {
      intent: 'register',
      name: 'Payroll',
      url: receiver.url('/payroll'),
      events: WEBHOOK_EVENT_TYPE_NAMES,
    });
    expect(registered.ok).toBe(true);
    const hr = await createEmployee(platform, {
      fields: fields('Hedda', 'hedda.hr@xyz.example'),
      status: 'active',
      role: 'admin',
      source: 'admin',
    });
    const person = await createEmployee(platform, {
      fields: fields('Ottilie', 'ottilie.webhookson@xyz.example'),
      status: 'active',
      source: 'admin',
      actorId: hr.id,
    });
    await deactivateEmployee(platform, hr.id, person.id, 'Left');
    await dispatchEvents(platform.db, createSubscribers(platform));
    await deliver();

    // My data: which systems were told about them, and when.
    const archive = await webhooksSection.collect({ platform, employeeId: person.id, viewer: null });
    expect(archive.data).toEqual([
      expect.objectContaining({ system: 'Payroll', event: 'employee.created', status: 'delivered' }),
      expect.objectContaining({ system: 'Payroll', event: 'employee.status-changed', status: 'delivered' }),
    ]);

    // A delivery still waiting when the erasure is asked for (the receiver is down).
    receiver.answer = () => ({ status: 503 });
    await recordEvent(platform.db, {
      type: 'employee.updated',
      version: 1,
      employeeId: person.id,
      actorId: hr.id,
      changedFields: ['jobTitle'],
    });
    await dispatchEvents(platform.db, createSubscribers(platform));
    await deliver();
    expect((await listWebhookDeliveriesAbout(platform.db, person.id)).map((row) => row.status)).toContain('pending');
    receiver.answer = () => ({ status: 200 });
    receiver.received.length = 0;

    const identifiers = (await readPersonIdentifiers(platform, person.id))!;
    const ports = localPorts(platform);
    const { erasureId } = await requestErasure(platform, {
      employeeId: person.id,
      requestedBy: { kind: 'hr', employeeId: hr.id },
      reason: 'Asked to be forgotten',
    });
    // An event written after the request is told to no one.
    await recordEvent(platform.db, {
      type: 'employee.updated',
      version: 1,
      employeeId: person.id,
      actorId: hr.id,
      changedFields: ['department'],
    });
    const rerun = async () => {
      await platform.db.sequelize.query('UPDATE erasures SET claimed_until = NULL');
      return runErasure(platform, erasureId, { ports });
    };
    expect(await rerun()).toBe('waiting');
    // The waiting delivery was dropped with the person's rows; employee.deleted is handed to the webhooks now.
    expect(await listWebhookDeliveriesAbout(platform.db, person.id)).toEqual([]);
    await dispatchEvents(platform.db, createSubscribers(platform));
    const told = await listWebhookDeliveriesAbout(platform.db, person.id);
    expect(told.map((row) => [row.eventType, row.status])).toEqual([['employee.deleted', 'pending']]);
    // The job waits for that delivery to settle before it purges the log.
    expect(await rerun()).toBe('waiting');
    await deliver();
    expect(await rerun()).toBe('completed');

    expect(receiver.received.map((request) => JSON.parse(request.body).type)).toEqual(['employee.deleted']);
    expect(JSON.parse(receiver.received[0].body).data).toEqual({
      eventId: told[0].eventId,
      employeeId: person.id,
    });
    expect(await listWebhookDeliveriesAbout(platform.db, person.id)).toEqual([]);
    const residue = await scanForResidue(platform, identifiers, ports);
    expect(residue.hits).toEqual([]);
  });
});
