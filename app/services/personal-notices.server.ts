/**
 * Personal notices: the emails one employee gets about their own account, sent to their work email by the
 * personal-notices subscriber (app/subscribers/personal-notices.server.ts), never through HR's topic.
 *
 * Each kind of notice is one entry in NOTICE_KINDS, keyed by the event type it answers: its subject (or null
 * when that event sends nothing), its paragraphs, and its link, made only when the email is sent (a reset
 * link mints its token then). A new kind (the verification workflow's reminders) is a new entry here plus its event
 * type under 'personal-notices' in app/services/subscriptions.ts.
 */
import type { EmployeeEvent, EmployeeEventOf, EmployeeEventType } from '@shared/contracts/employee-events';
import { renderNoticeHtml, renderNoticeText } from '@shared/mail/notice-layout';
import type { OutgoingEmail } from '@shared/mail/mailer';
import { getPasswordChangedAt } from '~/models/credentials.server';
import { type PrivateEmployee } from '~/models/employee-projection.server';
import { getEmployee } from '~/models/employee.server';
import { workflowAwaitsPhotoSince } from '~/models/workflow-tasks.server';
import type { Platform } from '~/platform.server';
import { publicBaseUrl } from '~/config/public-url.server';
import { mintPasswordResetLink } from './password-reset-link.server';
import { describeFieldChangeDecision } from '~/models/field-change-requests.server';

export const PASSWORD_RESET_TEXT =
  'Someone (hopefully you) asked to reset your XYZ People password. The link works once, for one hour. If it was not you, ignore this message.';

const ANOTHER_PHOTO_TEXT = 'Please add another one: a recent photo of your face, alone, facing the camera.';

type NoticePlatform = Pick<Platform, 'db' | 'env'>;
type Recipient = Pick<PrivateEmployee, 'id' | 'displayName' | 'workEmail' | 'status' | 'statusReason'>;

interface NoticeKind<T extends EmployeeEventType> {
  /** The email's subject, or null when this event sends nothing to the employee. */
  subject(event: EmployeeEventOf<T>): string | null;
  /**
   * The email's text; what a person wrote (HR's reason) is read from the recipient's row or the request's,
   * never the event.
   */
  paragraphs(event: EmployeeEventOf<T>, recipient: Recipient, platform: NoticePlatform): string[] | Promise<string[]>;
  /** The one link, made when the email is sent (it may write: a reset link stores its token's hash). */
  action(
    platform: NoticePlatform,
    event: EmployeeEventOf<T>,
    recipient: Recipient,
  ): Promise<{ label: string; href: string } | null>;
  /** Whether a deactivated employee still gets it (a reset link must not reach a closed account). */
  toInactive: boolean;
  /** Whether something since the event has made it moot (a reset asked for before a password change). */
  overtaken?(platform: NoticePlatform, event: EmployeeEventOf<T>, recipient: Recipient): Promise<boolean>;
  /** Whether another notice tells the recipient the same, so this one is neither sent nor listed for HR. */
  toldOtherwise?(platform: NoticePlatform, event: EmployeeEventOf<T>, recipient: Recipient): Promise<boolean>;
  /** Who gets it, when not the employee the event is about (the workflow tells their manager). */
  recipientId?(event: EmployeeEventOf<T>): string | null;
}

const myProfile = async (platform: NoticePlatform) =>
  platform.env.PUBLIC_URL ? { label: 'Open your profile', href: `${platform.env.PUBLIC_URL}/me` } : null;

export const NOTICE_KINDS: { [T in EmployeeEventType]?: NoticeKind<T> } = {
  'employee.status-changed': {
    subject: (event) =>
      event.change === 'activated'
        ? 'Your employee profile is active'
        : event.change === 'rejected'
          ? 'Your employee profile needs changes'
          : null,
    paragraphs: (event, recipient) =>
      event.change === 'activated'
        ? ['HR has activated your profile. It now appears in the company directory.']
        : [`HR could not activate your profile: ${recipient.statusReason ?? ''}`],
    action: myProfile,
    toInactive: true,
  },
  'employee.verification-notice': {
    subject: (event) =>
      event.notice === 'photo-missing'
        ? 'Add a photo to your employee profile'
        : event.notice === 'another-photo-needed'
          ? 'Please add another photo to your employee profile'
          : event.notice === 'manager-told'
            ? 'A new colleague is still waiting for HR'
            : null,
    paragraphs: (event) =>
      event.notice === 'photo-missing'
        ? ['Your profile has no photo yet. HR checks new profiles once a photo is on them: please add one.']
        : event.notice === 'another-photo-needed'
          ? [`We could not use your photo: ${event.reason ?? 'it did not pass the check'}`, ANOTHER_PHOTO_TEXT]
          : [
              `A profile that names you as manager has waited ${event.waitingWorkingDays ?? 'several'} working days for HR to check it.`,
              'HR has been reminded. If you know the new colleague, you may want to ask HR about it.',
            ],
    // The manager gets no link to the profile: it is pending, and only HR may see it.
    action: async (platform, event) => (event.notice === 'manager-told' ? null : myProfile(platform)),
    toInactive: false,
    recipientId: (event) => (event.notice === 'manager-told' ? event.managerId : event.employeeId),
  },
  'employee.photo-failed': {
    subject: (event) =>
      event.faceCheck === 'refused' ? 'HR did not accept your new photo' : 'We could not use your new photo',
    paragraphs: (event) => [
      event.faceCheck === 'refused'
        ? 'HR looked at the new photo you uploaded and did not accept it, so it is not on your profile.'
        : `We could not use the new photo you uploaded: ${event.reason}`,
      ANOTHER_PHOTO_TEXT,
    ],
    action: myProfile,
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
    subject: (event) =>
      event.outcome === 'approved'
        ? 'HR approved a change to your profile'
        : 'HR did not approve a change to your profile',
    paragraphs: async (event, _recipient, platform) => {
      const decision = await describeFieldChangeDecision(platform.db, event.requestId);
      const label = decision?.label ?? 'a field of your profile';
      return event.outcome === 'approved'
        ? [`HR approved your change to “${label}”. It is now on your profile.`]
        : [
            `HR did not approve your change to “${label}”: ${decision?.reason ?? ''}`,
            'Your profile keeps its previous value. You may change it again on your profile.',
          ];
    },
    action: myProfile,
    toInactive: false,
  },
  'employee.password-reset-requested': {
    subject: () => 'Reset your XYZ People password',
    paragraphs: () => [PASSWORD_RESET_TEXT],
    async action(platform, event, recipient) {
      // Always the configured address, whatever the event says: an event written before the address stopped coming
      // from the request's Host may name another site (docs/decisions/317-one-public-address.md).
      const href = await mintPasswordResetLink(platform, recipient.id, publicBaseUrl(platform.env));
      return { label: 'Choose a new password', href };
    },
    toInactive: false,
    // A password set after the request ends the links asked for before it, including one not yet minted.
    async overtaken(platform, event, recipient) {
      const changedAt = await getPasswordChangedAt(platform.db, recipient.id);
      return changedAt !== null && changedAt > Date.parse(event.occurredAt);
    },
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
): Promise<PersonalNoticeSummary | null> {
  const kind = kindOf(event);
  const subject = kind?.subject(event);
  if (!kind || !subject) return null;
  const recipientId = recipientIdOf(kind, event);
  const recipient = recipientId ? await getEmployee(platform.db, recipientId, 'private') : null;
  if (!recipient || (await kind.toldOtherwise?.(platform, event, recipient))) return null;
  return { subject, recipient: recipient.workEmail };
}

/** The email an event sends to its employee, with its link made now; null when it sends nothing. */
export async function preparePersonalNotice(
  platform: NoticePlatform,
  event: EmployeeEvent,
): Promise<OutgoingEmail | null> {
  const kind = kindOf(event);
  const subject = kind?.subject(event);
  if (!kind || !subject) return null;
  const recipientId = recipientIdOf(kind, event);
  const recipient = recipientId ? await getEmployee(platform.db, recipientId, 'private') : null;
  if (!recipient || (recipient.status === 'inactive' && !kind.toInactive)) return null;
  if (await kind.toldOtherwise?.(platform, event, recipient)) return null;
  if (await kind.overtaken?.(platform, event, recipient)) return null;
  const action = await kind.action(platform, event, recipient);
  const paragraphs = await kind.paragraphs(event, recipient, platform);
  const content = { greetingName: recipient.displayName, paragraphs, action };
  return {
    id: event.eventId,
    to: { name: recipient.displayName, address: recipient.workEmail },
    subject,
    text: renderNoticeText(content),
    html: renderNoticeHtml(content),
    link: action?.href ?? null,
  };
}

/** An event's email as the recipient's archive lists it: its subject and whom it is for; null when it sends none. */
export function noticeAddressing(event: EmployeeEvent): { subject: string; recipientId: string } | null {
  const kind = kindOf(event);
  const subject = kind?.subject(event);
  const recipientId = kind ? recipientIdOf(kind, event) : null;
  return subject && recipientId ? { subject, recipientId } : null;
}
