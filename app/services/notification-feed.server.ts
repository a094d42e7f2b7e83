/**
 * What the HR notifications page shows, as a person reads it, and never a link that signs someone in:
 * - HR's notifications (new profiles): sent (recorded locally) and still queued in the outbox;
 * - the emails to employees (activation, rejection, password reset): subject, recipient and state only,
 *   never the body or its link (a reset link is a credential, and its token exists only in that email);
 * - the employees' addresses mail no longer reaches (bounced or complained, from the mailer's suppression
 *   list: SES on AWS).
 */
import { employeeEventSchema, type EmployeeEvent } from '@shared/contracts/employee-events';
import type { NotificationMessage } from '@shared/contracts/notification-message';
import { getEmployee, getEmployeeByEmail } from '~/models/employee.server';
import { listQueuedDeliveries, listRecentDeliveries } from '~/models/event-outbox.server';
import type { SuppressedAddress } from '@shared/mail/mailer';
import type { Platform } from '~/platform.server';
import { renderHrNotification } from './hr-notification-messages.server';
import { listRecordedNotifications } from './notifications.server';
import { describePersonalNotice } from './personal-notices.server';

const HR_SUBSCRIBER = 'hr-notifications';
const PERSONAL_SUBSCRIBER = 'personal-notices';

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
  /** The message exactly as published, for whoever needs the fields; null for an old personal notice. */
  raw: string | null;
}

export type DeliveryState = 'queued' | 'sending' | 'retrying';

export interface QueuedNotification extends ReadableNotification {
  /** queued: not tried yet; sending: being handed over; retrying: the last attempt failed. */
  state: DeliveryState;
}

export interface PersonalEmail {
  id: string;
  subject: string;
  recipient: string;
  at: string;
  state: DeliveryState | 'sent';
}

export interface UnreachableAddress extends SuppressedAddress {
  employee: { id: string; displayName: string };
}

const HR_RECIPIENT = 'HR (everyone subscribed to new-profile notices)';

const RETENTION_KIND_TEXT = {
  application: 'a rejected or abandoned application, kept for its retention period',
  profile: 'a deactivated profile, kept for its retention period',
  face: 'face references kept after deactivation',
} as const;

/**
 * A message as HR reads it on this page. The message names nobody (docs/decisions/021-events-carry-ids-only.md):
 * the page, behind HR's sign-in, shows the profile as it is now, or "an erased profile" once it is gone.
 */
async function readable(
  platform: Pick<Platform, 'db'>,
  message: NotificationMessage,
  subject: string,
): Promise<ReadableNotification> {
  const base = { id: message.messageId, subject, recipient: HR_RECIPIENT, at: message.occurredAt };
  if (message.type === 'employee.reports-unassigned') {
    const reports = await Promise.all(message.reports.map((report) => getEmployee(platform.db, report.id, 'public')));
    const names = reports.flatMap((report) => (report ? [`${report.displayName} (${report.employeeNumber})`] : []));
    return {
      ...base,
      text: `A former employee's profile was erased; these people now have no manager: ${names.join(', ') || 'none still held'}.`,
    };
  }
  const employee = await getEmployee(platform.db, message.employee.id, 'private');
  if (message.type === 'employee.verification-reminder') {
    const who = employee ? `${employee.displayName} (${employee.department})` : 'A profile no longer held';
    return { ...base, text: `${who} has waited ${message.waitingWorkingDays} working days for HR's decision.` };
  }
  if (message.type === 'employee.retention-due') {
    const who = employee ? employee.displayName : 'A profile no longer held';
    const what =
      message.action === 'erase'
        ? `will be erased on ${message.dueAt.slice(0, 10)}: ${RETENTION_KIND_TEXT[message.kind]}`
        : `will have their face references deleted on ${message.dueAt.slice(0, 10)}`;
    return { ...base, text: `${who} ${what}.` };
  }
  if (!employee) return { ...base, text: 'A profile was created; it is no longer held.' };
  const who = `${employee.displayName} (${employee.jobTitle}, ${employee.department}, ${employee.workEmail})`;
  return {
    ...base,
    text:
      message.employee.status === 'pending'
        ? `${who} created a profile and is waiting for HR to check it.`
        : `A profile was created for ${who}; it is ${message.employee.status}.`,
  };
}

function stateOf(delivery: { attempts: number; failing: boolean }): DeliveryState {
  return delivery.failing ? 'retrying' : delivery.attempts > 0 ? 'sending' : 'queued';
}

function parseEvent(body: string): EmployeeEvent | null {
  const parsed = employeeEventSchema.safeParse(JSON.parse(body || 'null'));
  return parsed.success ? parsed.data : null;
}

export async function listSentNotifications(platform: Pick<Platform, 'db'>, limit = 100): Promise<SentNotification[]> {
  const rows = await listRecordedNotifications(platform.db, { limit });
  return Promise.all(
    rows.map(async (row) => {
      const at = new Date(row.recordedAt).toISOString();
      if (!row.message) {
        // A message from before the current format (a personal notice recorded before they moved to email may
        // hold a reset link): its subject is all this page shows.
        return { id: row.id, subject: row.subject, recipient: HR_RECIPIENT, at, text: '', link: null, raw: null };
      }
      const message = row.message;
      const href =
        message.type === 'employee.verification-reminder'
          ? (message.reviewUrl ?? '/admin')
          : message.type === 'employee.reports-unassigned'
            ? (message.reports[0]!.profileUrl ?? `/admin/employees/${message.reports[0]!.id}`)
            : (message.employee.profileUrl ?? `/admin/employees/${message.employee.id}`);
      return {
        ...(await readable(platform, message, row.subject)),
        at,
        link: { href, label: 'Review the profile' },
        raw: JSON.stringify(row.message, null, 2),
      };
    }),
  );
}

export async function listQueuedNotifications(
  platform: Pick<Platform, 'db' | 'env'>,
  limit = 50,
): Promise<QueuedNotification[]> {
  const deliveries = await listQueuedDeliveries(platform.db, HR_SUBSCRIBER, limit);
  const queued = await Promise.all(
    deliveries.map(async (delivery): Promise<QueuedNotification | null> => {
      const event = parseEvent(delivery.body);
      if (!event) return null;
      // The same rendering the subscriber will do; events that publish nothing (the seed) drop out.
      const rendered = await renderHrNotification(platform, event);
      return rendered ? { ...(await readable(platform, ...rendered)), state: stateOf(delivery) } : null;
    }),
  );
  return queued.filter((notification): notification is QueuedNotification => notification !== null);
}

/** The newest emails to employees, sent or on their way: subject, recipient and state, nothing of the body. */
export async function listPersonalEmails(platform: Pick<Platform, 'db' | 'env'>, limit = 50): Promise<PersonalEmail[]> {
  const deliveries = await listRecentDeliveries(platform.db, PERSONAL_SUBSCRIBER, limit);
  const emails = await Promise.all(
    deliveries.map(async (delivery): Promise<PersonalEmail | null> => {
      const event = parseEvent(delivery.body);
      const summary = event && (await describePersonalNotice(platform, event));
      if (!event || !summary) return null;
      return {
        id: event.eventId,
        ...summary,
        at: (delivery.deliveredAt ?? new Date(event.occurredAt)).toISOString(),
        state: delivery.deliveredAt ? 'sent' : stateOf(delivery),
      };
    }),
  );
  return emails.filter((email): email is PersonalEmail => email !== null);
}

/**
 * Employees whose work email bounced or complained, so notices no longer reach them. The suppression list
 * is the whole account's: only addresses of this product's employees are shown.
 */
export async function listUnreachableAddresses(
  platform: Pick<Platform, 'db' | 'mailer'>,
  limit = 50,
): Promise<UnreachableAddress[]> {
  const suppressed = await platform.mailer.listSuppressedAddresses();
  const found: UnreachableAddress[] = [];
  for (const entry of suppressed) {
    if (found.length >= limit) break;
    const employee = await getEmployeeByEmail(platform.db, entry.address);
    if (employee) found.push({ ...entry, employee: { id: employee.id, displayName: employee.displayName } });
  }
  return found;
}
