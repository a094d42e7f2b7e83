/**
 * Join links for the harness, as if their emails had been opened (test-support/join-links.ts): the load and the
 * probes join many times a second from one address, which the email step's throttle exists to stop, so they skip
 * that step and post the profile form with a token minted straight in the database. Minted before the faults (a
 * token cannot be minted while MariaDB is down, and a join during the outage must meet the outage, not a missing
 * link); each is used once.
 */
import { randomUUID } from 'node:crypto';
import { createConfirmedJoinToken } from '@test-support/join-links';
import { closeDatabase, openDatabase } from '~/db/database.server';

export interface ConfirmedJoin {
  email: string;
  token: string;
}

/** More joins a second than the mixed traffic sends (one request in 20, a few hundred requests a second at most). */
export const JOIN_TOKENS_PER_LOAD_SECOND = 20;

export async function mintConfirmedJoins(mysqlUrl: string, emails: string[]): Promise<ConfirmedJoin[]> {
  const db = openDatabase({ url: mysqlUrl });
  try {
    const joins: ConfirmedJoin[] = [];
    // A few at a time: thousands of single-row inserts, done in a few seconds without crowding the pool.
    for (let start = 0; start < emails.length; start += 10) {
      const batch = emails.slice(start, start + 10);
      const tokens = await Promise.all(batch.map((email) => createConfirmedJoinToken(db, email)));
      joins.push(...batch.map((email, index) => ({ email, token: tokens[index]! })));
    }
    return joins;
  } finally {
    await closeDatabase(db);
  }
}

export function loadJoinEmails(runId: string, count: number): string[] {
  return Array.from(
    { length: count },
    (_, n) => `load-${runId}-${n.toString(36)}-${randomUUID().slice(0, 8)}@xyz.example`,
  );
}

export function probeJoinEmails(count: number): string[] {
  return Array.from({ length: count }, () => `probe-${randomUUID().slice(0, 12)}@xyz.example`);
}
