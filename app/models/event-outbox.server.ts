/**
 * The event outbox tables: events (one row per change, in `seq` order) and their deliveries (one row per
 * subscriber of the event's type). Writers insert both inside the change's transaction; the dispatcher reads
 * a subscriber's undelivered rows in order and claims each before handing it over.
 */
import { Op, type Transaction } from 'sequelize';
import type { Database } from '~/db/database.server';
import { employeeEventSchema, type EmployeeEvent, type EmployeeEventOf } from '@shared/contracts/employee-events';
import type { EventDeliveryRow, EventRow } from '~/db/schema.server';

export async function insertEvent(
  db: Database,
  event: EmployeeEvent,
  subscribers: readonly string[],
  options: { transaction?: Transaction; now?: Date } = {},
): Promise<number> {
  const row = await db.models.Event.create(
    {
      id: event.eventId,
      employeeId: event.employeeId,
      type: event.type,
      version: event.version,
      body: JSON.stringify(event),
      occurredAt: new Date(event.occurredAt),
    },
    { transaction: options.transaction },
  );
  const seq = row.get('seq') as number;
  if (subscribers.length > 0) {
    const now = options.now ?? new Date();
    await db.models.EventDelivery.bulkCreate(
      subscribers.map((subscriber) => ({
        eventSeq: seq,
        subscriber,
        employeeId: event.employeeId,
        attempts: 0,
        nextAttemptAt: now,
        deliveredAt: null,
        lastError: null,
      })),
      { transaction: options.transaction },
    );
  }
  return seq;
}

export interface PendingDelivery {
  eventSeq: number;
  subscriber: string;
  employeeId: string;
  attempts: number;
  nextAttemptAt: Date;
  body: string;
}

/** The bodies of the given events, by sequence number (one query for a page of deliveries). */
async function eventBodies(db: Database, seqs: number[]): Promise<Map<number, string>> {
  const events = (await db.models.Event.findAll({
    attributes: ['seq', 'body'],
    where: { seq: { [Op.in]: seqs } },
    raw: true,
  })) as unknown as Array<Pick<EventRow, 'seq' | 'body'>>;
  return new Map(events.map((event) => [event.seq, event.body]));
}

/** A subscriber's undelivered events, oldest first (due or not: a later event of the same employee waits). */
export async function listPendingDeliveries(
  db: Database,
  subscriber: string,
  limit: number,
): Promise<PendingDelivery[]> {
  const deliveries = (await db.models.EventDelivery.findAll({
    where: { subscriber, deliveredAt: null },
    order: [['eventSeq', 'ASC']],
    limit,
    raw: true,
  })) as unknown as EventDeliveryRow[];
  if (deliveries.length === 0) return [];
  const bodies = await eventBodies(
    db,
    deliveries.map((delivery) => delivery.eventSeq),
  );
  return deliveries.map((delivery) => ({
    eventSeq: delivery.eventSeq,
    subscriber: delivery.subscriber,
    employeeId: delivery.employeeId,
    attempts: delivery.attempts,
    nextAttemptAt: new Date(delivery.nextAttemptAt),
    body: bodies.get(delivery.eventSeq) ?? '',
  }));
}

/**
 * Takes a delivery for one attempt by pushing its next attempt into the future, only if nobody else did
 * since it was read: two dispatchers (two instances) never hand the same event to a subscriber at once.
 */
export async function claimDelivery(
  db: Database,
  delivery: Pick<PendingDelivery, 'eventSeq' | 'subscriber' | 'attempts'>,
  retryAt: Date,
): Promise<boolean> {
  const [claimed] = await db.models.EventDelivery.update(
    { attempts: delivery.attempts + 1, nextAttemptAt: retryAt },
    {
      where: {
        eventSeq: delivery.eventSeq,
        subscriber: delivery.subscriber,
        attempts: delivery.attempts,
        deliveredAt: null,
      },
    },
  );
  return claimed === 1;
}

export async function markDelivered(
  db: Database,
  delivery: Pick<PendingDelivery, 'eventSeq' | 'subscriber'>,
  at = new Date(),
): Promise<void> {
  await db.models.EventDelivery.update(
    { deliveredAt: at, lastError: null },
    { where: { eventSeq: delivery.eventSeq, subscriber: delivery.subscriber } },
  );
}

export async function recordDeliveryError(
  db: Database,
  delivery: Pick<PendingDelivery, 'eventSeq' | 'subscriber'>,
  error: string,
): Promise<void> {
  await db.models.EventDelivery.update(
    { lastError: error.slice(0, 500) },
    { where: { eventSeq: delivery.eventSeq, subscriber: delivery.subscriber } },
  );
}

export async function countUndeliveredEvents(db: Database, subscriber?: string): Promise<number> {
  return db.models.EventDelivery.count({ where: { deliveredAt: null, ...(subscriber ? { subscriber } : {}) } });
}

/** An employee's events in the order they were written (tests, and an operator's look at one history). */
export async function listEmployeeEvents(db: Database, employeeId: string): Promise<string[]> {
  const rows = (await db.models.Event.findAll({
    attributes: ['body'],
    where: { employeeId },
    order: [['seq', 'ASC']],
    raw: true,
  })) as unknown as Array<Pick<EventRow, 'body'>>;
  return rows.map((row) => row.body);
}

/**
 * The newest status change recorded for an employee (rejected or deactivated, for the sign-in page), or null
 * for an employee whose status was set without an event (an import before the outbox, a hand-edited row).
 */
export async function getLastStatusChange(
  db: Database,
  employeeId: string,
): Promise<EmployeeEventOf<'employee.status-changed'> | null> {
  const row = (await db.models.Event.findOne({
    attributes: ['body'],
    where: { employeeId, type: 'employee.status-changed' },
    order: [['seq', 'DESC']],
    raw: true,
  })) as unknown as Pick<EventRow, 'body'> | null;
  if (!row) return null;
  const parsed = employeeEventSchema.safeParse(JSON.parse(row.body));
  return parsed.success && parsed.data.type === 'employee.status-changed' ? parsed.data : null;
}

export interface QueuedDelivery {
  eventSeq: number;
  /** Attempts so far: 0 means not yet tried. */
  attempts: number;
  /** Whether the last attempt failed (its error stays with the operator's logs, not on a page). */
  failing: boolean;
  body: string;
}

/** A subscriber's undelivered events, newest first (the notifications page shows what is still on its way). */
export async function listQueuedDeliveries(db: Database, subscriber: string, limit: number): Promise<QueuedDelivery[]> {
  const deliveries = await listNewestDeliveries(db, subscriber, limit, { undeliveredOnly: true });
  return deliveries.map(({ deliveredAt: _alwaysNull, ...queued }) => queued);
}

export interface RecentDelivery extends QueuedDelivery {
  deliveredAt: Date | null;
}

/** A subscriber's newest deliveries, sent or not (the notifications page's list of emails to employees). */
export async function listRecentDeliveries(db: Database, subscriber: string, limit: number): Promise<RecentDelivery[]> {
  return listNewestDeliveries(db, subscriber, limit, { undeliveredOnly: false });
}

async function listNewestDeliveries(
  db: Database,
  subscriber: string,
  limit: number,
  options: { undeliveredOnly: boolean },
): Promise<RecentDelivery[]> {
  const deliveries = (await db.models.EventDelivery.findAll({
    attributes: ['eventSeq', 'attempts', 'lastError', 'deliveredAt'],
    where: options.undeliveredOnly ? { subscriber, deliveredAt: null } : { subscriber },
    order: [['eventSeq', 'DESC']],
    limit,
    raw: true,
  })) as unknown as Array<Pick<EventDeliveryRow, 'eventSeq' | 'attempts' | 'lastError' | 'deliveredAt'>>;
  if (deliveries.length === 0) return [];
  const bodies = await eventBodies(
    db,
    deliveries.map((delivery) => delivery.eventSeq),
  );
  return deliveries.map((delivery) => ({
    eventSeq: delivery.eventSeq,
    attempts: delivery.attempts,
    failing: delivery.lastError !== null,
    deliveredAt: delivery.deliveredAt ? new Date(delivery.deliveredAt) : null,
    body: bodies.get(delivery.eventSeq) ?? '',
  }));
}
