/**
 * The e2e server's outbox for people: the local mailer writes each email as an `.eml` file under its
 * DATA_DIR/mail, and a test reads it from there as the employee would read their inbox (never from the HR
 * notifications page, which does not show a personal notice's content).
 */
import path from 'node:path';
import { expect } from '@playwright/test';
import { firstLink, readMailbox, type ParsedEmail } from '@test-support/mail';
import { E2E_DATA_DIR } from './e2e-env';

export const E2E_MAIL_DIR = path.join(E2E_DATA_DIR, 'mail');

/** An employee's email names them (`Name <address>`); a join link goes to a bare address (no one is known yet). */
function addressedTo(mail: ParsedEmail, to: string): boolean {
  return mail.to === to || mail.to.endsWith(`<${to}>`);
}

/** Waits for the newest email to an address with a subject, as delivered by the outbox (within seconds). */
export async function waitForEmail(to: string, subject: string, options: { newerThan?: string[] } = {}) {
  let found: ParsedEmail | undefined;
  await expect(async () => {
    found = readMailbox(E2E_MAIL_DIR)
      .filter((mail) => addressedTo(mail, to) && mail.subject === subject)
      .filter((mail) => !options.newerThan?.includes(mail.file))
      .at(-1);
    expect(found, `an email to ${to}: ${subject}`).toBeDefined();
  }).toPass({ timeout: 20_000 });
  return { ...found!, link: firstLink(found!.text) };
}

/** The files of the emails to an address so far (to tell a new email from an earlier one). */
export function emailFilesTo(to: string): string[] {
  return readMailbox(E2E_MAIL_DIR)
    .filter((mail) => addressedTo(mail, to))
    .map((mail) => mail.file);
}
