/**
 * Personal notices: the emails one employee gets about their own account, sent to their work email by the
 * personal-notices subscriber (app/subscribers/personal-notices.server.ts), never through HR's topic.
 *
 * Each kind of notice is one entry in NOTICE_KINDS, keyed by the event type it answers: its subject (or null
 * when that event sends nothing), its paragraphs, and its link, made only when the email is sent (a reset
 * link mints its token then). A new kind (the verification workflow's reminders) is a new entry here plus its event
 * type under 'personal-notices' in app/services/subscriptions.ts. Each is worded in the recipient's language
 * (docs/decisions/338-emails-in-the-recipient-language.md); the subjects listed for HR and in the person's archive
 * are English unless the caller passes its reader's language.
 */
import type { EmployeeEvent, EmployeeEventOf, EmployeeEventType } from '@shared/contracts/employee-events';
import { renderNoticeHtml, renderNoticeText, type NoticeContent } from '@shared/mail/notice-layout';
import type { OutgoingEmail } from '@shared/mail/mailer';
import { getPasswordChangedAt } from '~/models/credentials.server';
import { type PrivateEmployee } from '~/models/employee-projection.server';
import { getEmployee } from '~/models/employee.server';
import { workflowAwaitsPhotoSince } from '~/models/workflow-tasks.server';
import type { Platform } from '~/platform.server';
import { publicBaseUrl } from '~/config/public-url.server';
import { mintPasswordResetLink } from './password-reset-link.server';
import { describeFieldChangeDecision } from '~/models/field-change-requests.server';
import type { IntlShape } from 'react-intl';
import { emailAction, emailGreeting, emailIntl, emailLanguage } from './email-language.server';
import { photoFailureIn } from './photo-failure-words.server';

type NoticePlatform = Pick<Platform, 'db' | 'env'>;
type Recipient = Pick<PrivateEmployee, 'id' | 'displayName' | 'workEmail' | 'status' | 'statusReason'>;

/**
 * Each kind words its email with `intl`, the recipient's language (app/services/email-language.server.ts); what
 * a person wrote (HR's reason, an HR-defined field's label) goes in as it was typed.
 */
interface NoticeKind<T extends EmployeeEventType> {
  /** The email's subject, or null when this event sends nothing to the employee. */
  subject(event: EmployeeEventOf<T>, intl: IntlShape): string | null;
  /**
   * The email's text; what a person wrote (HR's reason) is read from the recipient's row or the request's,
   * never the event.
   */
  paragraphs(
    event: EmployeeEventOf<T>,
    recipient: Recipient,
    platform: NoticePlatform,
    intl: IntlShape,
  ): string[] | Promise<string[]>;
  /** The one link, made when the email is sent (it may write: a reset link stores its token's hash). */
  action(
    platform: NoticePlatform,
    event: EmployeeEventOf<T>,
    recipient: Recipient,
    intl: IntlShape,
  ): Promise<NoticeContent['action']>;
  /** Whether a deactivated employee still gets it (a reset link must not reach a closed account). */
  toInactive: boolean;
  /** Whether something since the event has made it moot (a reset asked for before a password change). */
  overtaken?(platform: NoticePlatform, event: EmployeeEventOf<T>, recipient: Recipient): Promise<boolean>;
  /** Whether another notice tells the recipient the same, so this one is neither sent nor listed for HR. */
  toldOtherwise?(platform: NoticePlatform, event: EmployeeEventOf<T>, recipient: Recipient): Promise<boolean>;
  /** Who gets it, when not the employee the event is about (the workflow tells their manager). */
  recipientId?(event: EmployeeEventOf<T>): string | null;
  /** The language of the page the person asked from, when they caused the email themselves (a reset). */
  askedIn?(event: EmployeeEventOf<T>): string | undefined;
}

const myProfile = async (platform: NoticePlatform, intl: IntlShape) =>
  platform.env.PUBLIC_URL
    ? emailAction(intl, intl.formatMessage({ id: 'email.openProfile' }), `${platform.env.PUBLIC_URL}/me`)
    : null;

export const NOTICE_KINDS: { [T in EmployeeEventType]?: NoticeKind<T> } = {
  'employee.status-changed': {
    subject: (event, intl) =>
      event.change === 'activated'
        ? intl.formatMessage({ id: 'email.activated.subject' })
        : event.change === 'rejected'
          ? intl.formatMessage({ id: 'email.rejected.subject' })
          : null,
    paragraphs: (event, recipient, _platform, intl) =>
      event.change === 'activated'
        ? [intl.formatMessage({ id: 'email.activated.body' })]
        : [intl.formatMessage({ id: 'email.rejected.body' }, { reason: recipient.statusReason ?? '' })],
    action: (platform, _event, _recipient, intl) => myProfile(platform, intl),
    toInactive: true,
  },
  'employee.verification-notice': {
    subject: (event, intl) =>
      event.notice === 'photo-missing'
        ? intl.formatMessage({ id: 'email.photoMissing.subject' })
        : event.notice === 'another-photo-needed'
          ? intl.formatMessage({ id: 'email.anotherPhoto.subject' })
          : event.notice === 'manager-told'
            ? intl.formatMessage({ id: 'email.managerTold.subject' })
            : null,
    paragraphs: (event, _recipient, _platform, intl) =>
      event.notice === 'photo-missing'
        ? [intl.formatMessage({ id: 'email.photoMissing.body' })]
        : event.notice === 'another-photo-needed'
          ? [
              intl.formatMessage(
                { id: 'email.anotherPhoto.reason' },
                {
                  reason: event.reason
                    ? photoFailureIn(intl, event.reason)
                    : intl.formatMessage({ id: 'email.anotherPhoto.noReason' }),
                },
              ),
              intl.formatMessage({ id: 'email.anotherPhoto.ask' }),
            ]
          : [
              event.waitingWorkingDays === null
                ? intl.formatMessage({ id: 'email.managerTold.waitedSeveral' })
                : intl.formatMessage({ id: 'email.managerTold.waited' }, { days: event.waitingWorkingDays }),
              intl.formatMessage({ id: 'email.managerTold.reminded' }),
            ],
    // The manager gets no link to the profile: it is pending, and only HR may see it.
    action: async (platform, event, _recipient, intl) =>
      event.notice === 'manager-told' ? null : myProfile(platform, intl),
    toInactive: false,
    recipientId: (event) => (event.notice === 'manager-told' ? event.managerId : event.employeeId),
  },
  'employee.photo-failed': {
    subject: (event, intl) =>
      event.faceCheck === 'refused'
        ? intl.formatMessage({ id: 'email.photoRefused.subject' })
        : intl.formatMessage({ id: 'email.photoFailed.subject' }),
    paragraphs: (event, _recipient, _platform, intl) => [
      event.faceCheck === 'refused'
        ? intl.formatMessage({ id: 'email.photoRefused.body' })
        : intl.formatMessage({ id: 'email.photoFailed.body' }, { reason: photoFailureIn(intl, event.reason) }),
      intl.formatMessage({ id: 'email.anotherPhoto.ask' }),
    ],
    action: (platform, _event, _recipient, intl) => myProfile(platform, intl),
    toInactive: false,
    // While a new employee's verification workflow waits for their photo, its own notice asks for another
    // (employee.verification-notice, another-photo-needed): this one is for every other failure, an active
    // employee's replacement or a photo that failed after the workflow moved past its photo step.
    async toldOtherwise(platform, event, recipient) {
      return (
        recipient.status === 'pending' &&
        (await workflowAwaitsPhotoSince(platform.db, recipient.id, Date.parse(event.occurredAt)))
      );
    },
  },
  // The field's label and HR's reason, never a value (docs/decisions/323-field-change-approval.md).
  'employee.field-change-decided': {
    subject: (event, intl) =>
      event.outcome === 'approved'
        ? intl.formatMessage({ id: 'email.fieldApproved.subject' })
        : intl.formatMessage({ id: 'email.fieldRefused.subject' }),
    paragraphs: async (event, _recipient, platform, intl) => {
      const decision = await describeFieldChangeDecision(platform.db, event.requestId);
      // The label is HR's words for its field, shown as HR typed it.
      const label = decision?.label ?? intl.formatMessage({ id: 'email.fieldUnnamed' });
      return event.outcome === 'approved'
        ? [intl.formatMessage({ id: 'email.fieldApproved.body' }, { label })]
        : [
            intl.formatMessage({ id: 'email.fieldRefused.body' }, { label, reason: decision?.reason ?? '' }),
            intl.formatMessage({ id: 'email.fieldRefused.kept' }),
          ];
    },
    action: (platform, _event, _recipient, intl) => myProfile(platform, intl),
    toInactive: false,
  },
  'employee.password-reset-requested': {
    subject: (_event, intl) => intl.formatMessage({ id: 'email.reset.subject' }),
    paragraphs: (_event, _recipient, _platform, intl) => [intl.formatMessage({ id: 'email.reset.body' })],
    async action(platform, event, recipient, intl) {
      // Always the configured address, whatever the event says: an event written before the address stopped coming
      // from the request's Host may name another site (docs/decisions/317-one-public-address.md).
      const href = await mintPasswordResetLink(platform, recipient.id, publicBaseUrl(platform.env));
      return emailAction(intl, intl.formatMessage({ id: 'email.reset.action' }), href);
    },
    toInactive: false,
    // A password set after the request ends the links asked for before it, including one not yet minted.
    async overtaken(platform, event, recipient) {
      const changedAt = await getPasswordChangedAt(platform.db, recipient.id);
      return changedAt !== null && changedAt > Date.parse(event.occurredAt);
    },
    askedIn: (event) => event.language,
  },
};

function kindOf(event: EmployeeEvent): NoticeKind<EmployeeEventType> | undefined {
  return NOTICE_KINDS[event.type] as NoticeKind<EmployeeEventType> | undefined;
}

function recipientIdOf(kind: NoticeKind<EmployeeEventType>, event: EmployeeEvent): string | null {
  return kind.recipientId ? kind.recipientId(event) : event.employeeId;
}

export interface PersonalNoticeSummary {
  subject: string;
  recipient: string;
}

/** What an event sends, as HR may see it (subject and recipient, never the body or its link). Reads only. */
export async function describePersonalNotice(
  platform: NoticePlatform,
  event: EmployeeEvent,
  intl: IntlShape = emailIntl('en'),
): Promise<PersonalNoticeSummary | null> {
  const kind = kindOf(event);
  const subject = kind?.subject(event, intl);
  if (!kind || !subject) return null;
  const recipientId = recipientIdOf(kind, event);
  const recipient = recipientId ? await getEmployee(platform.db, recipientId, 'private') : null;
  if (!recipient || (await kind.toldOtherwise?.(platform, event, recipient))) return null;
  return { subject, recipient: recipient.workEmail };
}

/** The email an event sends to its employee, in their language, with its link made now; null when it sends nothing. */
export async function preparePersonalNotice(
  platform: NoticePlatform,
  event: EmployeeEvent,
): Promise<OutgoingEmail | null> {
  const kind = kindOf(event);
  if (!kind || !kind.subject(event, emailIntl('en'))) return null;
  const recipientId = recipientIdOf(kind, event);
  const recipient = recipientId ? await getEmployee(platform.db, recipientId, 'private') : null;
  if (!recipient || (recipient.status === 'inactive' && !kind.toInactive)) return null;
  if (await kind.toldOtherwise?.(platform, event, recipient)) return null;
  if (await kind.overtaken?.(platform, event, recipient)) return null;
  const language = await emailLanguage(platform.db, recipient.id, kind.askedIn?.(event));
  const intl = emailIntl(language);
  const action = await kind.action(platform, event, recipient, intl);
  const paragraphs = await kind.paragraphs(event, recipient, platform, intl);
  const content = { language, greeting: emailGreeting(intl, recipient.displayName), paragraphs, action };
  return {
    id: event.eventId,
    to: { name: recipient.displayName, address: recipient.workEmail },
    subject: kind.subject(event, intl)!,
    text: renderNoticeText(content),
    html: renderNoticeHtml(content),
    link: action?.href ?? null,
  };
}

/** An event's email as the recipient's archive lists it: its subject and whom it is for; null when it sends none. */
export function noticeAddressing(
  event: EmployeeEvent,
  intl: IntlShape = emailIntl('en'),
): { subject: string; recipientId: string } | null {
  const kind = kindOf(event);
  const subject = kind?.subject(event, intl);
  const recipientId = kind ? recipientIdOf(kind, event) : null;
  return subject && recipientId ? { subject, recipientId } : null;
}
