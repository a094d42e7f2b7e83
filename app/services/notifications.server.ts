/**
 * Notifications for HR and systems (never a personal notice: those are emailed, personal-notices.server.ts):
 * rendered from domain events by the hr-notifications subscriber (app/subscribers/hr-notifications.server.ts)
 * and published to the SNS topic on AWS, or to the local recorder. Delivery is at least once; the message id is the event id, so
 * subscribers of the topic deduplicate on `messageId`.
 */
import type { SNSClient } from '@aws-sdk/client-sns';
import { loadSnsSdk } from '@shared/aws-sdk-loaders';
import type { Database } from '~/db/database.server';
import { notificationMessageSchema, type NotificationMessage } from '@shared/contracts/notification-message';
import { countUndeliveredEvents } from '~/models/event-outbox.server';
import { listRecordedNotificationRows } from '~/models/recorded-notifications.server';
import type { RecordedNotificationRow } from '~/db/schema.server';

/** Where a rendered message goes: SNS on AWS, the recorder table locally. */
export interface Publisher {
  publish(message: { id: string; subject: string; body: string; topic: string }): Promise<void>;
}

export function snsPublisher(sns: Pick<SNSClient, 'send'>, topicArn: string): Publisher {
  return {
    async publish(message) {
      const { PublishCommand } = await loadSnsSdk();
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

/** SNS subjects: ASCII, no line breaks, at most 100 characters. */
export function toSubject(text: string): string {
  return (
    text
      .replace(/\s+/g, ' ')
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .trim()
      .slice(0, 100) || 'Employee profiles'
  );
}

/** Checks a message against the topic's contract and publishes it. */
export async function publishNotification(
  publisher: Publisher,
  message: NotificationMessage,
  subject: string,
): Promise<void> {
  const parsed = notificationMessageSchema.parse(message);
  await publisher.publish({
    id: parsed.messageId,
    topic: parsed.type,
    subject: toSubject(subject),
    body: JSON.stringify(parsed),
  });
}

export async function listRecordedNotifications(
  db: Database,
  options: { limit?: number } = {},
): Promise<Array<RecordedNotificationRow & { message: NotificationMessage | null }>> {
  const rows = await listRecordedNotificationRows(db, Math.min(options.limit ?? 100, 500));
  return rows.map((plain) => {
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

/** Events the notification subscriber has not delivered yet (waiting for a retry, or just written). */
export function countUnsentNotifications(db: Database): Promise<number> {
  return countUndeliveredEvents(db, 'hr-notifications');
}
