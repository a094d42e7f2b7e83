/**
 * Writing domain events. Every service that changes an employee calls recordEvent inside the transaction
 * that makes the change, so an event exists exactly when its change committed: a rolled-back change leaves
 * no event, and a committed one is delivered even if the process dies right after (at least once).
 *
 * Order per employee: write the employee row first, then the event. The row lock the change takes (MySQL)
 * or the database lock (SQLite) makes a second writer of the same employee wait, so event order matches
 * commit order for each employee.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { Database } from '~/db/database.server';
import { employeeEventSchema, type EmployeeEvent, type NewEmployeeEvent } from '@shared/contracts/employee-events';
import { insertEvent, listEmployeeEvents } from '~/models/event-outbox.server';
import { SUBSCRIPTIONS, subscribersOf, type Subscriptions } from '~/services/subscriptions';
import { signalNewEvents } from './outbox-signal.server';

export async function recordEvent(
  db: Database,
  event: NewEmployeeEvent,
  options: { transaction?: Transaction; subscriptions?: Subscriptions; now?: Date } = {},
): Promise<EmployeeEvent> {
  const now = options.now ?? new Date();
  const parsed = employeeEventSchema.parse({ ...event, eventId: randomUUID(), occurredAt: now.toISOString() });
  const subscribers = subscribersOf(parsed.type, options.subscriptions ?? SUBSCRIPTIONS);
  await insertEvent(db, parsed, subscribers, { transaction: options.transaction, now });
  // The dispatch is woken only once the event can be read: after the commit, and never for a rollback.
  if (options.transaction) options.transaction.afterCommit(() => signalNewEvents(subscribers));
  else signalNewEvents(subscribers);
  return parsed;
}

/** An employee's events, oldest first, parsed. */
export async function getEmployeeEvents(db: Database, employeeId: string): Promise<EmployeeEvent[]> {
  const bodies = await listEmployeeEvents(db, employeeId);
  return bodies.map((body) => employeeEventSchema.parse(JSON.parse(body)));
}
