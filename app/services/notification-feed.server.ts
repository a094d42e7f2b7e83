/**
 * What the HR notifications page shows: each message as a person reads it (subject, recipient, time, text,
 * link), the ones already sent (recorded locally) and the ones still queued in the event outbox. A queued
 * message never shows a link: a password-reset link is a credential, and it appears only once delivered,
 * exactly where it did before (the recorded message).
 */
import { employeeEventSchema } from '@shared/contracts/employee-events';
import type { NotificationMessage } from '@shared/contracts/notification-message';
import { listQueuedDeliveries } from '~/models/event-outbox.server';
import type { Platform } from '~/platform.server';
import { renderHrNotification } from './hr-notification-messages.server';
import { listRecordedNotifications } from './notifications.server';

const SUBSCRIBER = 'hr-notifications';

export interface ReadableNotification {
  id: string;
  subject: string;
  recipient: string;
  /** ISO time: when it was sent (delivered) or when the change happened (queued). */
  at: string;
  text: string;
}

export interface SentNotification extends ReadableNotification {
  link: { href: string; label: string } | null;
  /** The message exactly as published, for whoever needs the fields. */
  raw: string;
}

export interface QueuedNotification extends ReadableNotification {
  /** queued: not tried yet; sending: being handed over; retrying: the last attempt failed. */
  state: 'queued' | 'sending' | 'retrying';
}

const HR_RECIPIENT = 'HR (everyone subscribed to new-profile notices)';

function readable(message: NotificationMessage, subject: string): ReadableNotification {
  if (message.type === 'employee.created') {
    const { employee } = message;
    const who = `${employee.displayName} (${employee.jobTitle}, ${employee.department}, ${employee.workEmail})`;
    return {
      id: message.messageId,
      subject,
      recipient: HR_RECIPIENT,
      at: message.occurredAt,
      text:
        employee.status === 'pending'
          ? `${who} created a profile and is waiting for HR to check it.`
          : `A profile was created for ${who}; it is ${employee.status}.`,
    };
  }
  return {
    id: message.messageId,
    subject,
    recipient: message.recipient.workEmail,
    at: message.occurredAt,
    text: message.text,
  };
}

function linkOf(message: NotificationMessage): SentNotification['link'] {
  if (message.type === 'employee.created') {
    return {
      href: message.employee.profileUrl ?? `/admin/employees/${message.employee.id}`,
      label: 'Review the profile',
    };
  }
  return message.link ? { href: message.link, label: 'Open the link' } : null;
}

export async function listSentNotifications(platform: Pick<Platform, 'db'>, limit = 100): Promise<SentNotification[]> {
  const rows = await listRecordedNotifications(platform.db, { limit });
  return rows.map((row) => {
    const at = new Date(row.recordedAt).toISOString();
    if (!row.message) {
      // A message from before the current format: only its subject is known to be readable.
      return { id: row.id, subject: row.subject, recipient: HR_RECIPIENT, at, text: '', link: null, raw: row.body };
    }
    return {
      ...readable(row.message, row.subject),
      at,
      link: linkOf(row.message),
      raw: JSON.stringify(row.message, null, 2),
    };
  });
}

export async function listQueuedNotifications(
  platform: Pick<Platform, 'db' | 'env'>,
  limit = 50,
): Promise<QueuedNotification[]> {
  const deliveries = await listQueuedDeliveries(platform.db, SUBSCRIBER, limit);
  const queued = await Promise.all(
    deliveries.map(async (delivery): Promise<QueuedNotification | null> => {
      const state = delivery.failing ? 'retrying' : delivery.attempts > 0 ? 'sending' : 'queued';
      const parsed = employeeEventSchema.safeParse(JSON.parse(delivery.body || 'null'));
      if (!parsed.success) return null;
      const event = parsed.data;
      if (event.type === 'legacy.notification') {
        // Its body is free text from the old outbox and may hold a link: the subject is enough here.
        return {
          id: event.eventId,
          subject: event.subject,
          recipient: HR_RECIPIENT,
          at: event.occurredAt,
          text: '',
          state,
        };
      }
      // The same rendering the subscriber will do; events that send nothing (the seed, a deactivation) drop out.
      const rendered = await renderHrNotification(platform, event);
      return rendered ? { ...readable(...rendered), state } : null;
    }),
  );
  return queued.filter((notification): notification is QueuedNotification => notification !== null);
}
