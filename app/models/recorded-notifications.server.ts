/** The local stand-in for the SNS topic's inbox: every published message, kept for the admin page. */
import { randomUUID } from 'node:crypto';
import type { Database } from '~/db/database.server';
import type { RecordedNotificationRow } from '~/db/schema.server';

/** Idempotent on messageId: a retried delivery records the message once. */
export async function recordNotification(
  db: Database,
  message: { id: string; topic: string; subject: string; body: string },
): Promise<void> {
  const existing = await db.models.RecordedNotification.findOne({ where: { messageId: message.id } });
  if (existing) return;
  await db.models.RecordedNotification.create({
    id: randomUUID(),
    messageId: message.id,
    topic: message.topic,
    subject: message.subject,
    body: message.body,
    recordedAt: new Date(),
  });
}

export async function listRecordedNotificationRows(db: Database, limit: number): Promise<RecordedNotificationRow[]> {
  const rows = await db.models.RecordedNotification.findAll({ order: [['recordedAt', 'DESC']], limit, raw: true });
  return rows as unknown as RecordedNotificationRow[];
}
