/**
 * Notifications go through a transactional outbox: the message is written in the same database transaction
 * as the change it announces, and a dispatcher publishes it afterwards, so a brief SNS outage delays a
 * message but never loses it. Delivery is at least once; subscribers deduplicate on `messageId`.
 */
import { randomUUID } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Database } from '~/db/database.server';
import { notificationMessageSchema, type NotificationMessage } from '@shared/contracts/notification-message';
import type { RecordedNotificationRow } from '~/models/schema.server';

/** Where the dispatcher sends a message: SNS on AWS, the recorder table locally. */
export interface Publisher {
  publish(message: { id: string; subject: string; body: string; topic: string }): Promise<void>;
}

export function snsPublisher(sns: SNSClient, topicArn: string): Publisher {
  return {
    async publish(message) {
      await sns.send(
        new PublishCommand({
          TopicArn: topicArn,
          Subject: message.subject,
          Message: message.body,
          MessageAttributes: { type: { DataType: 'String', StringValue: message.topic } },
        }),
      );
    },
  };
}

/** The local stand-in for SNS: keeps every message for the admin page (and the password-reset link). */
export function recordingPublisher(db: Database): Publisher {
  return {
    async publish(message) {
      // Idempotent on messageId: a retried dispatch records the message once.
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
    },
  };
}

/** SNS subjects: ASCII, no line breaks, at most 100 characters. */
function toSubject(text: string): string {
  return (
    text
      .replace(/\s+/g, ' ')
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .trim()
      .slice(0, 100) || 'Employee profiles'
  );
}

export async function enqueueNotification(
  db: Database,
  message: NotificationMessage,
  subject: string,
  options: { transaction?: Transaction } = {},
): Promise<void> {
  const parsed = notificationMessageSchema.parse(message);
  await db.models.Outbox.create(
    {
      id: parsed.messageId,
      topic: parsed.type,
      subject: toSubject(subject),
      body: JSON.stringify(parsed),
      attempts: 0,
      nextAttemptAt: new Date(),
      sentAt: null,
      lastError: null,
      createdAt: new Date(),
    },
    { transaction: options.transaction },
  );
}

export interface DispatchResult {
  sent: number;
  failed: number;
}

/** Exponential backoff: 2 s, 4 s, 8 s ... capped at 5 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(2 ** attempts * 1000, 5 * 60 * 1000);
}

/**
 * Publishes due outbox messages. Each message is claimed by pushing its next attempt into the future with a
 * conditional update, so two dispatchers (two instances) do not publish the same message at the same time.
 */
export async function dispatchOutbox(
  db: Database,
  publisher: Publisher,
  options: { now?: Date; batchSize?: number; onError?: (error: unknown, messageId: string) => void } = {},
): Promise<DispatchResult> {
  const now = options.now ?? new Date();
  const due = await db.models.Outbox.findAll({
    where: { sentAt: null, nextAttemptAt: { [Op.lte]: now } },
    order: [['createdAt', 'ASC']],
    limit: options.batchSize ?? 25,
  });
  const result: DispatchResult = { sent: 0, failed: 0 };
  for (const row of due) {
    const message = row.get({ plain: true });
    const attempts = message.attempts + 1;
    const [claimed] = await db.models.Outbox.update(
      { attempts, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) },
      { where: { id: message.id, attempts: message.attempts, sentAt: null } },
    );
    if (claimed === 0) continue;
    try {
      await publisher.publish({ id: message.id, subject: message.subject, body: message.body, topic: message.topic });
      await db.models.Outbox.update({ sentAt: new Date(), lastError: null }, { where: { id: message.id } });
      result.sent += 1;
    } catch (error) {
      result.failed += 1;
      await db.models.Outbox.update(
        { lastError: String((error as Error)?.message ?? error).slice(0, 500) },
        { where: { id: message.id } },
      );
      options.onError?.(error, message.id);
    }
  }
  return result;
}

export async function countUnsentNotifications(db: Database): Promise<number> {
  return db.models.Outbox.count({ where: { sentAt: null } });
}

export async function listRecordedNotifications(
  db: Database,
  options: { limit?: number } = {},
): Promise<Array<RecordedNotificationRow & { message: NotificationMessage | null }>> {
  const rows = await db.models.RecordedNotification.findAll({
    order: [['recordedAt', 'DESC']],
    limit: Math.min(options.limit ?? 100, 500),
  });
  return rows.map((row) => {
    const plain = row.get({ plain: true });
    let message: NotificationMessage | null = null;
    try {
      const parsed = notificationMessageSchema.safeParse(JSON.parse(plain.body));
      message = parsed.success ? parsed.data : null;
    } catch {
      message = null;
    }
    return { ...plain, message };
  });
}
