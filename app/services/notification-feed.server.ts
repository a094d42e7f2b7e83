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
import type { IntlShape } from 'react-intl';
import { catalogue } from '~/i18n/catalogue.server';
import { formatCalendarDate } from '~/i18n/format';
import { DEFAULT_LANGUAGE } from '~/i18n/languages';
import type { Platform } from '~/platform.server';
import { hrNotificationSubject, renderHrNotification } from './hr-notification-messages.server';
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

/** The page's words are in HR's language (the catalogue's adminNotifications area); English unless asked. */
const english = () => catalogue(DEFAULT_LANGUAGE).intl;

/**
 * A message as HR reads it on this page. The message names nobody (docs/decisions/021-events-carry-ids-only.md):
 * the page, behind HR's sign-in, shows the profile as it is now, or "an erased profile" once it is gone.
 */
async function readable(
  platform: Pick<Platform, 'db'>,
  message: NotificationMessage,
  subject: string,
  intl: IntlShape,
): Promise<ReadableNotification> {
  const say = (id: string, values?: Record<string, string | number>) => intl.formatMessage({ id }, values);
  const base = {
    id: message.messageId,
    subject: hrNotificationSubject(message, intl) ?? subject,
    recipient: say('adminNotifications.recipient'),
    at: message.occurredAt,
  };
  if (message.type === 'employee.reports-unassigned') {
    const reports = await Promise.all(message.reports.map((report) => getEmployee(platform.db, report.id, 'public')));
    const names = reports.flatMap((report) => (report ? [`${report.displayName} (${report.employeeNumber})`] : []));
    return {
      ...base,
      text: say('adminNotifications.text.unassigned', {
        names: names.join(', ') || say('adminNotifications.text.noneHeld'),
      }),
    };
  }
  const employee = await getEmployee(platform.db, message.employee.id, 'private');
  if (message.type === 'employee.verification-reminder') {
    const who = employee ? `${employee.displayName} (${employee.department})` : say('adminNotifications.text.gone');
    return { ...base, text: say('adminNotifications.text.reminder', { who, days: message.waitingWorkingDays }) };
  }
  if (message.type === 'employee.retention-due') {
    const who = employee ? employee.displayName : say('adminNotifications.text.gone');
    const day = formatCalendarDate(message.dueAt.slice(0, 10), intl.locale);
    return {
      ...base,
      text:
        message.action === 'erase'
          ? say('adminNotifications.text.erase', { who, day, kind: message.kind })
          : say('adminNotifications.text.faces', { who, day }),
    };
  }
  if (!employee) return { ...base, text: say('adminNotifications.text.createdGone') };
  const who = `${employee.displayName} (${employee.jobTitle}, ${employee.department}, ${employee.workEmail})`;
  return {
    ...base,
    text:
      message.employee.status === 'pending'
        ? say('adminNotifications.text.createdPending', { who })
        : say('adminNotifications.text.created', { who, status: message.employee.status }),
  };
}

function stateOf(delivery: { attempts: number; failing: boolean }): DeliveryState {
  return delivery.failing ? 'retrying' : delivery.attempts > 0 ? 'sending' : 'queued';
}

function parseEvent(body: string): EmployeeEvent | null {
  const parsed = employeeEventSchema.safeParse(JSON.parse(body || 'null'));
  return parsed.success ? parsed.data : null;
}

export async function listSentNotifications(
  platform: Pick<Platform, 'db'>,
  limit = 100,
  intl: IntlShape = english(),
): Promise<SentNotification[]> {
  const rows = await listRecordedNotifications(platform.db, { limit });
  return Promise.all(
    rows.map(async (row) => {
      const at = new Date(row.recordedAt).toISOString();
      if (!row.message) {
        // A message from before the current format (a personal notice recorded before they moved to email may
        // hold a reset link): its subject is all this page shows.
        const recipient = intl.formatMessage({ id: 'adminNotifications.recipient' });
        return { id: row.id, subject: row.subject, recipient, at, text: '', link: null, raw: null };
      }
      const message = row.message;
      const href =
        message.type === 'employee.verification-reminder'
          ? (message.reviewUrl ?? '/admin')
          : message.type === 'employee.reports-unassigned'
            ? (message.reports[0]!.profileUrl ?? `/admin/employees/${message.reports[0]!.id}`)
            : (message.employee.profileUrl ?? `/admin/employees/${message.employee.id}`);
      return {
        ...(await readable(platform, message, row.subject, intl)),
        at,
        link: { href, label: intl.formatMessage({ id: 'adminNotifications.review' }) },
        raw: JSON.stringify(row.message, null, 2),
      };
    }),
  );
}

export async function listQueuedNotifications(
  platform: Pick<Platform, 'db' | 'env'>,
  limit = 50,
  intl: IntlShape = english(),
): Promise<QueuedNotification[]> {
  const deliveries = await listQueuedDeliveries(platform.db, HR_SUBSCRIBER, limit);
  const queued = await Promise.all(
    deliveries.map(async (delivery): Promise<QueuedNotification | null> => {
      const event = parseEvent(delivery.body);
      if (!event) return null;
      // The same rendering the subscriber will do; events that publish nothing (the seed) drop out.
      const rendered = await renderHrNotification(platform, event);
      return rendered ? { ...(await readable(platform, ...rendered, intl)), state: stateOf(delivery) } : null;
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
