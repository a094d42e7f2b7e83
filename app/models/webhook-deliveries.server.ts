/**
 * The webhook delivery log (migration 019, docs/decisions/329-signed-webhooks.md): one row per event and endpoint,
 * written by the webhooks subscriber, claimed and settled by the delivery runner, listed on /admin/webhooks and in
 * the person's archive, removed with the person by the erasure.
 */
import { QueryTypes, UniqueConstraintError, type Transaction } from 'sequelize';
import type { Database } from '~/db/database.server';
import { affectedRows } from '~/db/affected-rows.server';

export const DELIVERY_STATES = ['pending', 'delivered', 'failed', 'cancelled'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface NewWebhookDelivery {
  endpointId: string;
  eventId: string;
  employeeId: string;
  eventType: string;
  payload: string;
}

export interface WebhookDelivery extends NewWebhookDelivery {
  id: number;
  status: DeliveryState;
  attempts: number;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastResponse: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

interface DeliveryRow {
  id: number;
  endpoint_id: string;
  event_id: string;
  employee_id: string;
  event_type: string;
  payload: string;
  status: DeliveryState;
  attempts: number;
  next_attempt_at: Date | string | null;
  last_attempt_at: Date | string | null;
  last_status_code: number | null;
  last_response: string | null;
  delivered_at: Date | string | null;
  created_at: Date | string;
}

/**
 * Times go in as UTC text with milliseconds, the same on both engines: a Date replacement loses its milliseconds on
 * MySQL (Sequelize formats it to the second), which would make a retry due up to a second early.
 */
export function sqlTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** A time as the engine returns it: a Date (MySQL) or the text written by sqlTime (SQLite, read as UTC). */
export function readTime(value: Date | string): Date {
  if (value instanceof Date) return value;
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
}

const dateOrNull = (value: Date | string | null): Date | null => (value === null ? null : readTime(value));
const timeOrNull = (value: Date | null): string | null => (value === null ? null : sqlTime(value));

function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: Number(row.id),
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    employeeId: row.employee_id,
    eventType: row.event_type,
    payload: row.payload,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: dateOrNull(row.next_attempt_at),
    lastAttemptAt: dateOrNull(row.last_attempt_at),
    lastStatusCode: row.last_status_code === null ? null : Number(row.last_status_code),
    lastResponse: row.last_response,
    deliveredAt: dateOrNull(row.delivered_at),
    createdAt: readTime(row.created_at),
  };
}

/**
 * One pending row per (endpoint, event); a row that already exists (a redelivered event) is left as it is, and an
 * endpoint deleted meanwhile gets none.
 */
export async function insertWebhookDeliveries(
  db: Database,
  deliveries: readonly NewWebhookDelivery[],
  now: Date,
): Promise<void> {
  for (const delivery of deliveries) {
    try {
      await db.sequelize.query(
        `INSERT INTO webhook_deliveries
           (endpoint_id, event_id, employee_id, event_type, payload, status, attempts, next_attempt_at, created_at)
         SELECT :endpointId, :eventId, :employeeId, :eventType, :payload, 'pending', 0, :now, :now
         FROM webhook_endpoints WHERE id = :endpointId AND NOT EXISTS
           (SELECT 1 FROM webhook_deliveries WHERE endpoint_id = :endpointId AND event_id = :eventId)`,
        { replacements: { ...delivery, now: sqlTime(now) }, type: QueryTypes.INSERT },
      );
    } catch (error) {
      // Another dispatcher wrote the same row between the check and the insert: it exists, as wanted.
      if (!(error instanceof UniqueConstraintError)) throw error;
    }
  }
}

/** Pending deliveries due by `now`, oldest first. */
export async function listDueWebhookDeliveries(db: Database, now: Date, limit: number): Promise<WebhookDelivery[]> {
  const rows = await db.sequelize.query<DeliveryRow>(
    `SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= :now
     ORDER BY next_attempt_at, id LIMIT :limit`,
    { replacements: { now: sqlTime(now), limit }, type: QueryTypes.SELECT },
  );
  return rows.map(toDelivery);
}

/**
 * Takes a delivery for one attempt: counts the attempt and pushes its next attempt to `leaseUntil` (a process that
 * dies mid-attempt leaves it to be tried again then), only if nobody took it since it was read.
 */
export async function claimWebhookDelivery(
  db: Database,
  delivery: Pick<WebhookDelivery, 'id' | 'attempts'>,
  now: Date,
  leaseUntil: Date,
): Promise<boolean> {
  const [, affected] = await db.sequelize.query(
    `UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = :leaseUntil, last_attempt_at = :now
     WHERE id = :id AND attempts = :attempts AND status = 'pending'`,
    {
      replacements: {
        id: delivery.id,
        attempts: delivery.attempts,
        now: sqlTime(now),
        leaseUntil: sqlTime(leaseUntil),
      },
      type: QueryTypes.UPDATE,
    },
  );
  return affectedRows(affected) === 1;
}

export interface DeliveryOutcome {
  status: DeliveryState;
  nextAttemptAt: Date | null;
  statusCode: number | null;
  response: string | null;
  deliveredAt: Date | null;
}

/** Records an attempt's answer, unless the row was cancelled or sent again meanwhile (its attempts changed). */
export async function settleWebhookDelivery(
  db: Database,
  delivery: Pick<WebhookDelivery, 'id' | 'attempts'>,
  outcome: DeliveryOutcome,
): Promise<void> {
  await db.sequelize.query(
    `UPDATE webhook_deliveries SET status = :status, next_attempt_at = :nextAttemptAt,
       last_status_code = :statusCode, last_response = :response, delivered_at = :deliveredAt
     WHERE id = :id AND attempts = :attempts AND status = 'pending'`,
    {
      replacements: {
        ...outcome,
        nextAttemptAt: timeOrNull(outcome.nextAttemptAt),
        deliveredAt: timeOrNull(outcome.deliveredAt),
        id: delivery.id,
        attempts: delivery.attempts,
      },
      type: QueryTypes.UPDATE,
    },
  );
}

export interface LoggedDelivery extends WebhookDelivery {
  endpointName: string;
}

/** The newest deliveries, with their endpoint's name (the admin page's log). */
export async function listRecentWebhookDeliveries(
  db: Database,
  options: { limit: number; endpointId?: string },
): Promise<LoggedDelivery[]> {
  const rows = await db.sequelize.query<DeliveryRow & { endpoint_name: string }>(
    `SELECT d.*, e.name AS endpoint_name FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
     ${options.endpointId ? 'WHERE d.endpoint_id = :endpointId' : ''} ORDER BY d.id DESC LIMIT :limit`,
    { replacements: { limit: options.limit, endpointId: options.endpointId ?? null }, type: QueryTypes.SELECT },
  );
  return rows.map((row) => ({ ...toDelivery(row), endpointName: row.endpoint_name }));
}

export async function getWebhookDelivery(db: Database, id: number): Promise<WebhookDelivery | null> {
  const [row] = await db.sequelize.query<DeliveryRow>('SELECT * FROM webhook_deliveries WHERE id = :id', {
    replacements: { id },
    type: QueryTypes.SELECT,
  });
  return row ? toDelivery(row) : null;
}

/** "Send again": a settled delivery becomes pending with a fresh round of attempts; false when there is none. */
export async function resendWebhookDelivery(db: Database, id: number, now: Date): Promise<boolean> {
  const [, affected] = await db.sequelize.query(
    `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = :now, delivered_at = NULL
     WHERE id = :id AND status <> 'pending'`,
    { replacements: { id, now: sqlTime(now) }, type: QueryTypes.UPDATE },
  );
  return affectedRows(affected) === 1;
}

/** A disabled endpoint's pending deliveries are cancelled (shown so in the log; "send again" revives one). */
export async function cancelPendingWebhookDeliveries(
  db: Database,
  endpointId: string,
  transaction?: Transaction,
): Promise<void> {
  await db.sequelize.query(
    "UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL WHERE endpoint_id = :endpointId AND status = 'pending'",
    { replacements: { endpointId }, type: QueryTypes.UPDATE, transaction },
  );
}

/** The person's deliveries, oldest first (their archive: which systems were told about them, and when). */
export async function listWebhookDeliveriesAbout(db: Database, employeeId: string): Promise<LoggedDelivery[]> {
  const rows = await db.sequelize.query<DeliveryRow & { endpoint_name: string }>(
    `SELECT d.*, e.name AS endpoint_name FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
     WHERE d.employee_id = :employeeId ORDER BY d.id`,
    { replacements: { employeeId }, type: QueryTypes.SELECT },
  );
  return rows.map((row) => ({ ...toDelivery(row), endpointName: row.endpoint_name }));
}

/** The person's deliveries still to be attempted (the erasure waits for its own event's to settle). */
export async function countPendingWebhookDeliveriesAbout(db: Database, employeeId: string): Promise<number> {
  const [row] = await db.sequelize.query<{ n: number | string }>(
    "SELECT COUNT(*) AS n FROM webhook_deliveries WHERE employee_id = :employeeId AND status = 'pending'",
    { replacements: { employeeId }, type: QueryTypes.SELECT },
  );
  return Number(row?.n ?? 0);
}
