/**
 * The HR notifications page's data: queued messages appear at once with their subject, recipient and state
 * (never a reset link or token), and move to "sent" as a person would read them once delivered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '~/db/database.server';
import { parseEnv } from '~/config/env.server';
import { recordingPublisher } from '~/local/recording-publisher.server';
import { hrNotifications } from '~/subscribers/hr-notifications.server';
import { addEmployee, openTestDatabase } from '@test-support/auth-database';
import { recordEvent } from './domain-events.server';
import { dispatchToSubscriber } from './event-dispatcher.server';
import { listQueuedNotifications, listSentNotifications } from './notification-feed.server';
import type { Publisher } from './notifications.server';

let db: Database;
let close: () => Promise<void>;
const env = parseEnv({ APP_ENV: 'local', NODE_ENV: 'test' });
const TOKEN = 'tok3n-that-must-never-show-while-queued';
const later = (ms: number) => new Date(Date.now() + ms);

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
});
afterAll(async () => close());

describe('the notifications feed', () => {
  it('shows a queued message with subject, recipient and state, without its link, then as sent', async () => {
    const employee = await addEmployee(db, { email: 'quinn.queued@xyz.example' });
    await recordEvent(db, {
      type: 'employee.password-reset-requested',
      version: 1,
      employeeId: employee.id,
      actorId: employee.id,
      link: `http://127.0.0.1:3000/reset-password?token=${TOKEN}`,
      expiresAt: later(3_600_000).toISOString(),
    });
    // A deactivation sends nothing, so it is not "waiting to be sent" either.
    await recordEvent(db, {
      type: 'employee.status-changed',
      version: 1,
      employeeId: employee.id,
      actorId: 'system',
      change: 'deactivated',
      from: 'active',
      to: 'inactive',
      reason: null,
    });

    const queued = await listQueuedNotifications({ db, env });
    expect(queued).toEqual([
      expect.objectContaining({
        subject: 'Reset your XYZ People password',
        recipient: 'quinn.queued@xyz.example',
        state: 'queued',
        text: expect.stringContaining('The link works once'),
      }),
    ]);
    expect(JSON.stringify(queued)).not.toContain(TOKEN);
    expect(JSON.stringify(queued)).not.toContain('reset-password');

    // The first attempt fails: the message says so, still without its link.
    const down: Publisher = {
      async publish() {
        throw new Error('injected outage: SNS unavailable');
      },
    };
    await dispatchToSubscriber(db, hrNotifications({ db, env, publisher: down }), { now: later(1_000) });
    const retrying = await listQueuedNotifications({ db, env });
    expect(retrying).toEqual([expect.objectContaining({ state: 'retrying' })]);
    expect(JSON.stringify(retrying)).not.toContain(TOKEN);

    await dispatchToSubscriber(db, hrNotifications({ db, env, publisher: recordingPublisher(db) }), {
      now: later(600_000),
    });
    expect(await listQueuedNotifications({ db, env })).toEqual([]);
    const [sent] = await listSentNotifications({ db });
    expect(sent).toMatchObject({
      subject: 'Reset your XYZ People password',
      recipient: 'quinn.queued@xyz.example',
      text: expect.stringContaining('The link works once'),
      link: { label: 'Open the link', href: expect.stringContaining(TOKEN) },
    });
    expect(JSON.parse(sent.raw)).toMatchObject({ type: 'employee.password-reset' });
  });

  it('reads a new-profile notice as a sentence for HR, with a link to review the profile', async () => {
    const employee = await addEmployee(db, { status: 'pending', email: 'nina.new@xyz.example' });
    await recordEvent(db, {
      type: 'employee.created',
      version: 1,
      employeeId: employee.id,
      actorId: employee.id,
      source: 'join',
      employee: {
        employeeNumber: employee.employeeNumber,
        displayName: 'Nina New',
        workEmail: 'nina.new@xyz.example',
        jobTitle: 'Designer',
        department: 'Design',
        status: 'pending',
        role: 'employee',
      },
      photoId: null,
    });
    expect(await listQueuedNotifications({ db, env })).toEqual([
      expect.objectContaining({
        subject: 'New employee profile: Nina New (Design)',
        recipient: expect.stringMatching(/^HR/),
        state: 'queued',
      }),
    ]);
    await dispatchToSubscriber(db, hrNotifications({ db, env, publisher: recordingPublisher(db) }), {
      now: later(600_000),
    });
    const [sent] = await listSentNotifications({ db });
    expect(sent).toMatchObject({
      subject: 'New employee profile: Nina New (Design)',
      text: 'Nina New (Designer, Design, nina.new@xyz.example) created a profile and is waiting for HR to check it.',
      link: { href: `/admin/employees/${employee.id}`, label: 'Review the profile' },
    });
  });
});
