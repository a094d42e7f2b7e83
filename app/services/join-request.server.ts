/**
 * The first step of joining (docs/decisions/318-join-proves-the-work-address.md): a visitor gives only a work
 * email, and the answer on the page is always the same. The proof is in the mailbox: a new address gets a
 * single-use link to the join form (24 hours), an address that already has an account gets "you already have an
 * account" with the sign-in and reset links. So a stranger can neither create a profile for a colleague's address
 * nor learn from the page which addresses have accounts.
 *
 * Sent straight through the mailer, not the event outbox: there is no employee yet for an event to be about, and
 * the person is waiting for this email now.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { renderNoticeHtml, renderNoticeText, type NoticeContent } from '@shared/mail/notice-layout';
import type { OutgoingEmail } from '@shared/mail/mailer';
import { publicBaseUrl } from '~/config/public-url.server';
import { signInEmailSchema } from '~/auth/sign-in-email';
import { getEmployeeByEmail } from '~/models/employee.server';
import { createJoinRequest } from '~/models/join-requests.server';
import { checkThrottle, recordLoginFailure, type ThrottlePolicy } from '~/models/login-throttle.server';
import type { Platform } from '~/platform.server';
import { DEFAULT_LANGUAGE, type Language } from '~/i18n/languages';
import { emailAction, emailGreeting, emailIntl, emailLanguage } from './email-language.server';
import { emailDomainAllowed } from './profile-form.server';

/**
 * Per work address and per client address in the throttle window: a person asks once or twice (a typo, a lost
 * email); a script walking the staff list, or mailing one colleague over and over, is stopped.
 */
export const JOIN_REQUEST_POLICY: ThrottlePolicy = { accountLimit: 3, addressLimit: 20, windowMs: 15 * 60 * 1000 };

const joinRequestSchema = z.object({
  workEmail: signInEmailSchema({ missing: 'Enter your work email', invalid: 'Enter a valid email address' }),
});

export type JoinRequestResult = { sent: true; error: null } | { sent: false; error: string };

/**
 * `askedIn`: the join page's language. The email is in it, or, for an address that has an account, in the language
 * its owner chose if they chose one (docs/decisions/338-emails-in-the-recipient-language.md).
 */
export async function requestJoinLink(
  platform: Platform,
  form: FormData,
  clientAddress: string | null,
  askedIn: Language = DEFAULT_LANGUAGE,
): Promise<JoinRequestResult> {
  const typed = form.get('workEmail');
  const parsed = joinRequestSchema.safeParse({ workEmail: typeof typed === 'string' ? typed : undefined });
  if (!parsed.success) return { sent: false, error: parsed.error.issues[0]?.message ?? 'Enter your work email' };
  const email = parsed.data.workEmail;
  const domains = platform.env.ALLOWED_EMAIL_DOMAINS;
  if (!emailDomainAllowed(email, domains))
    return { sent: false, error: `Use your company email (${domains.map((domain) => `@${domain}`).join(' or ')}).` };
  // Counted under keys of their own, so asking to join neither locks sign-in nor uses up reset requests.
  const subject = { email: `join:${email}`, address: `join:${clientAddress ?? 'unknown'}` };
  const throttle = await checkThrottle(platform.db, subject, JOIN_REQUEST_POLICY);
  if (throttle.blocked) {
    platform.log.info('join link not sent: throttled');
    return { sent: true, error: null };
  }
  await recordLoginFailure(platform.db, subject, JOIN_REQUEST_POLICY);
  const baseUrl = publicBaseUrl(platform.env);
  const existing = await getEmployeeByEmail(platform.db, email);
  const language = await emailLanguage(platform.db, existing?.id ?? null, askedIn);
  const message = existing
    ? alreadyJoinedEmail(email, baseUrl, language)
    : joinLinkEmail(email, await createJoinRequest(platform.db, email), baseUrl, language);
  try {
    await platform.mailer.send(message);
  } catch (error) {
    // Either email can fail the same way, so this answer says nothing about the account either.
    platform.log.warn('join email not sent', { error });
    return { sent: false, error: 'We could not send the email just now. Please try again in a few minutes.' };
  }
  platform.log.info('join link requested', { existingAccount: Boolean(existing) });
  return { sent: true, error: null };
}

/** The link to the join form; its address is configured, never the request's Host (decision 317). */
export function joinFormLink(baseUrl: string, token: string): string {
  return `${new URL(baseUrl).origin}/join?${new URLSearchParams({ token })}`;
}

function joinLinkEmail(email: string, token: string, baseUrl: string, language: Language): OutgoingEmail {
  const intl = emailIntl(language);
  const href = joinFormLink(baseUrl, token);
  const content = {
    language,
    greeting: emailGreeting(intl, null),
    paragraphs: [intl.formatMessage({ id: 'email.join.asked' }), intl.formatMessage({ id: 'email.join.body' })],
    action: emailAction(intl, intl.formatMessage({ id: 'email.join.action' }), href),
  };
  return message(email, intl.formatMessage({ id: 'email.join.subject' }), content, href);
}

function alreadyJoinedEmail(email: string, baseUrl: string, language: Language): OutgoingEmail {
  const intl = emailIntl(language);
  const origin = new URL(baseUrl).origin;
  const content = {
    language,
    greeting: emailGreeting(intl, null),
    paragraphs: [
      intl.formatMessage({ id: 'email.alreadyJoined.asked' }),
      intl.formatMessage({ id: 'email.alreadyJoined.body' }, { forgotPasswordUrl: `${origin}/forgot-password` }),
    ],
    action: emailAction(intl, intl.formatMessage({ id: 'email.alreadyJoined.action' }), `${origin}/login`),
  };
  return message(email, intl.formatMessage({ id: 'email.alreadyJoined.subject' }), content, `${origin}/login`);
}

function message(email: string, subject: string, content: NoticeContent, link: string): OutgoingEmail {
  return {
    id: randomUUID(),
    to: { name: '', address: email },
    subject,
    text: renderNoticeText(content),
    html: renderNoticeHtml(content),
    link,
  };
}
