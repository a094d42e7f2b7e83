/**
 * The local stand-in provider's accounts: every employee in the local database (the demo employees, and
 * whoever joined since), plus two people the app does not know yet, to try the other paths: a new colleague
 * (onboarding) and a partner from another domain (refused). Subjects are derived from the email, as a real
 * provider's ids are its own and not the app's employee ids.
 */
import { createHash } from 'node:crypto';
import type { Database } from '~/db/database.server';
import { getEmployeeByEmail } from '~/models/employee.server';
import type { LocalIdpAccount, LocalIdpAccounts } from './local-idp.server';

export const LOCAL_ONLY_ACCOUNTS: LocalIdpAccount[] = [
  {
    subject: subjectOf('nova.starter@xyz.example'),
    email: 'nova.starter@xyz.example',
    givenName: 'Nova',
    familyName: 'Starter',
  },
  { subject: subjectOf('pat@partner.example'), email: 'pat@partner.example', givenName: 'Pat', familyName: 'Partner' },
];

export function subjectOf(email: string): string {
  return `local-${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 24)}`;
}

export function databaseAccounts(db: Database): LocalIdpAccounts {
  // Subject -> email of everyone who signed in here since the stand-in started (its sessions live as long).
  const emails = new Map<string, string>(LOCAL_ONLY_ACCOUNTS.map((account) => [account.subject, account.email]));
  async function findByEmail(email: string): Promise<LocalIdpAccount | null> {
    const extra = LOCAL_ONLY_ACCOUNTS.find((account) => account.email === email);
    if (extra) return extra;
    const employee = await getEmployeeByEmail(db, email);
    if (!employee) return null;
    const account = {
      subject: subjectOf(employee.workEmail),
      email: employee.workEmail,
      givenName: employee.firstName,
      familyName: employee.lastName,
    };
    emails.set(account.subject, account.email);
    return account;
  }
  return {
    findByEmail,
    async findBySubject(subject) {
      const email = emails.get(subject);
      return email ? findByEmail(email) : null;
    },
  };
}
