/**
 * The event seam on both databases: events exist only when their change committed, each subscriber has its
 * own deliveries and backoff, and an employee's events reach a subscriber in the order they were written.
 * The notification subscriber renders them into the topic's messages (recorded locally).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { openDatabase, closeDatabase, type Database } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '@test-support/databases';
import type { EmployeeEvent, NewEmployeeEvent } from '@shared/contracts/employee-events';
import { countUndeliveredEvents } from '~/models/event-outbox.server';
import { recordingPublisher } from '~/local/recording-publisher.server';
import { hrNotifications } from '~/subscribers/hr-notifications.server';
import { parseEnv } from '~/config/env.server';
import { recordEvent } from './domain-events.server';
import {
  dispatchEvents,
  dispatchToSubscriber,
  retryDelayMs,
  startEventDispatch,
  type Subscriber,
} from './event-dispatcher.server';
import { onNewEvents } from './outbox-signal.server';
import { silentLogger } from '@shared/logger';
import { countUnsentNotifications, listRecordedNotifications, toSubject, type Publisher } from './notifications.server';
import { employeeIdOf } from '@test-support/notification-messages';

function created(employeeId: string): NewEmployeeEvent {
  return {
    type: 'employee.created',
    version: 2,
    employeeId,
    actorId: employeeId,
    source: 'join',
    employee: { status: 'pending', role: 'employee' },
    photoId: null,
  };
}

function updated(employeeId: string, field: string): NewEmployeeEvent {
  return { type: 'employee.updated', version: 1, employeeId, actorId: employeeId, changedFields: [field] };
}

/** A subscriber that keeps what it was handed, failing while `failing` says so. */
function collector(name: string, failing: (event: EmployeeEvent) => boolean = () => false) {
  const received: EmployeeEvent[] = [];
  const subscriber: Subscriber & { received: EmployeeEvent[] } = {
    name,
    received,
    async handle(event) {
      if (failing(event)) throw new Error(`injected failure in ${name}`);
      received.push(event);
    },
  };
  return subscriber;
}

/** SNS briefly down: the first `outages` publishes fail (an injected fault), then the real recorder takes them. */
function flakyPublisher(inner: Publisher, outages: number): Publisher & { attempts: number } {
  const state = {
    attempts: 0,
    async publish(message: Parameters<Publisher['publish']>[0]) {
      state.attempts += 1;
      if (state.attempts <= outages) throw new Error('injected outage: SNS unavailable');
      await inner.publish(message);
    },
  };
  return state;
}

const later = (ms: number) => new Date(Date.now() + ms);

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(TEST_DIALECTS)('event outbox on %s', (dialect) => {
  let testDb: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    db = openDatabase(testDb.config);
    await migrateDatabase(db.sequelize);
  });
  afterAll(async () => {
    if (db) await closeDatabase(db);
    await testDb?.drop();
  });

  it('is written in the same transaction as the change: a rollback leaves no event to deliver', async () => {
    const subscriptions = { rollback: ['employee.created'] as const };
    await expect(
      db.sequelize.transaction(async (transaction) => {
        await recordEvent(db, created(randomUUID()), { transaction, subscriptions });
        throw new Error('the employee insert failed');
      }),
    ).rejects.toThrow('the employee insert failed');
    expect(await countUndeliveredEvents(db, 'rollback')).toBe(0);
    const subscriber = collector('rollback');
    expect(await dispatchToSubscriber(db, subscriber, { now: later(60_000) })).toEqual({ delivered: 0, failed: 0 });
    expect(subscriber.received).toEqual([]);
  });

  it('retries a failing subscriber on its own: the others get each event once and are not held up', async () => {
    const subscriptions = { steady: ['employee.created'] as const, flaky: ['employee.created'] as const };
    const employeeId = randomUUID();
    const event = await recordEvent(db, created(employeeId), { subscriptions });
    let outages = 2;
    const steady = collector('steady');
    const flaky = collector('flaky', () => outages-- > 0);
    const t0 = new Date();
    expect(await dispatchEvents(db, [steady, flaky], { now: t0 })).toEqual({
      steady: { delivered: 1, failed: 0 },
      flaky: { delivered: 0, failed: 1 },
    });
    // Not due again until the backoff has passed; the steady one has nothing more.
    expect(await dispatchEvents(db, [steady, flaky], { now: new Date(t0.getTime() + 500) })).toEqual({
      steady: { delivered: 0, failed: 0 },
      flaky: { delivered: 0, failed: 0 },
    });
    await dispatchEvents(db, [steady, flaky], { now: new Date(t0.getTime() + retryDelayMs(1) + 10) });
    expect(await dispatchEvents(db, [steady, flaky], { now: new Date(t0.getTime() + 60_000) })).toEqual({
      steady: { delivered: 0, failed: 0 },
      flaky: { delivered: 1, failed: 0 },
    });
    expect(steady.received.map((e) => e.eventId)).toEqual([event.eventId]);
    expect(flaky.received.map((e) => e.eventId)).toEqual([event.eventId]);
    expect(await countUndeliveredEvents(db, 'flaky')).toBe(0);
  });

  it("delivers one employee's events in the order written, while other employees' events go ahead", async () => {
    const subscriptions = { ordered: ['employee.created', 'employee.updated'] as const };
    const blocked = randomUUID();
    const free = randomUUID();
    const first = await recordEvent(db, created(blocked), { subscriptions });
    const second = await recordEvent(db, updated(blocked, 'jobTitle'), { subscriptions });
    const third = await recordEvent(db, updated(blocked, 'department'), { subscriptions });
    const other = await recordEvent(db, created(free), { subscriptions });
    let failFirst = true;
    const subscriber = collector('ordered', (event) => event.eventId === first.eventId && failFirst);
    const t0 = later(0);
    await dispatchToSubscriber(db, subscriber, { now: t0 });
    // The first event failed: the employee's later events wait; the other employee's event went ahead.
    expect(subscriber.received.map((e) => e.eventId)).toEqual([other.eventId]);
    failFirst = false;
    await dispatchToSubscriber(db, subscriber, { now: new Date(t0.getTime() + 60_000) });
    expect(subscriber.received.map((e) => e.eventId)).toEqual([
      other.eventId,
      first.eventId,
      second.eventId,
      third.eventId,
    ]);
  });

  it('does not let two dispatchers hand the same event to a subscriber at once', async () => {
    const subscriptions = { once: ['employee.created'] as const };
    await recordEvent(db, created(randomUUID()), { subscriptions });
    let handled = 0;
    const counting: Subscriber = { name: 'once', handle: async () => void (handled += 1) };
    const now = later(10 * 60_000);
    await Promise.all([dispatchToSubscriber(db, counting, { now }), dispatchToSubscriber(db, counting, { now })]);
    expect(handled).toBe(1);
  });

  it('delivers as soon as the event commits (the wake-up), and on its tick when the wake-up is lost', async () => {
    const subscriptions = { woken: ['employee.created'] as const, unwoken: ['employee.created'] as const };
    const woken = collector('woken');
    const unwoken = collector('unwoken');
    // A minute's tick: only the wake-up can deliver within the test.
    const fast = startEventDispatch(db, [woken], silentLogger, { intervalMs: 60_000, wakeOn: onNewEvents });
    // A wake-up source that never fires (the notification lost): the tick alone delivers.
    const safetyNet = startEventDispatch(db, [unwoken], silentLogger, { intervalMs: 200, wakeOn: () => () => {} });
    try {
      const first = await db.sequelize.transaction(async (transaction) => {
        const event = await recordEvent(db, created(randomUUID()), { transaction, subscriptions });
        await new Promise((resolve) => setTimeout(resolve, 50));
        // Not before the commit: the dispatcher would not find the event yet.
        expect(woken.received).toEqual([]);
        return event;
      });
      await waitFor(() => woken.received.length === 1, 1_000);
      expect(woken.received.map((event) => event.eventId)).toEqual([first.eventId]);
      await waitFor(() => unwoken.received.length === 1, 2_000);
      expect(unwoken.received.map((event) => event.eventId)).toEqual([first.eventId]);
    } finally {
      await fast.stop();
      await safetyNet.stop();
    }
  });

  it('wakes nobody for a rolled-back change', async () => {
    const heard: string[] = [];
    const stop = onNewEvents((names) => heard.push(...names));
    try {
      await expect(
        db.sequelize.transaction(async (transaction) => {
          await recordEvent(db, created(randomUUID()), {
            transaction,
            subscriptions: { unheard: ['employee.created'] },
          });
          throw new Error('the employee insert failed');
        }),
      ).rejects.toThrow('the employee insert failed');
      await recordEvent(db, created(randomUUID()), { subscriptions: { heard: ['employee.created'] } });
      expect(heard).toEqual(['heard']);
    } finally {
      stop();
    }
  });

  it('backs off exponentially up to five minutes', () => {
    expect([1, 2, 3].map(retryDelayMs)).toEqual([2000, 4000, 8000]);
    expect(retryDelayMs(20)).toBe(300_000);
  });

  it('refuses an event that does not match its schema', async () => {
    const good = created(randomUUID()) as Extract<NewEmployeeEvent, { type: 'employee.created' }>;
    const bad = { ...good, employee: { ...good.employee, status: 'unknown' } } as unknown as NewEmployeeEvent;
    await expect(recordEvent(db, bad)).rejects.toThrow();
  });

  describe('the notification subscriber', () => {
    const env = parseEnv({ APP_ENV: 'local', NODE_ENV: 'test' });

    it('survives an SNS outage: retried with backoff until published, then recorded exactly once', async () => {
      const publisher = flakyPublisher(recordingPublisher(db), 2);
      const subscriber = hrNotifications({ db, env, publisher });
      const before = await countUnsentNotifications(db);
      const employeeId = randomUUID();
      await recordEvent(db, created(employeeId));
      expect(await countUnsentNotifications(db)).toBe(before + 1);
      const t0 = later(0);
      expect(await dispatchToSubscriber(db, subscriber, { now: t0 })).toMatchObject({ failed: 1 });
      await dispatchToSubscriber(db, subscriber, { now: new Date(t0.getTime() + retryDelayMs(1) + 10) });
      expect(await dispatchToSubscriber(db, subscriber, { now: new Date(t0.getTime() + 60_000) })).toMatchObject({
        delivered: before + 1,
        failed: 0,
      });
      expect(await countUnsentNotifications(db)).toBe(0);
      const recorded = (await listRecordedNotifications(db)).filter(
        (notification) => employeeIdOf(notification.message) === employeeId,
      );
      expect(recorded).toHaveLength(1);
      expect(recorded[0].subject).toBe('New employee profile waiting for HR');
      // The topic's message names nobody: ids and what happened (docs/decisions/021-events-carry-ids-only.md).
      expect(recorded[0].message).toEqual({
        type: 'employee.created',
        version: 2,
        messageId: expect.any(String),
        occurredAt: expect.any(String),
        employee: { id: employeeId, status: 'pending', profileUrl: null },
      });
    });

    it('keeps SNS subjects to printable ASCII within 100 characters', () => {
      const subject = toSubject(`New employee profile: Zoë Ñúñez\n${'x'.repeat(200)}`);
      expect(subject.length).toBeLessThanOrEqual(100);
      expect(subject).toMatch(/^New employee profile: Zoe Nunez x+$/);
    });
  });
});
