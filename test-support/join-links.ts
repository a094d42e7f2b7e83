/**
 * A join link as if its email had been opened: the token `/join?token=…` and `/api/join` take, stored straight in
 * the database. For suites that join many times (the hostile-input generator, the resilience harness, most e2e
 * specs), where walking the email step each time would only exercise its throttle. The email step itself is walked
 * by app/services/join-request.server.test.ts and e2e/onboarding.spec.ts.
 */
import type { Database } from '~/db/database.server';
import { createJoinRequest } from '~/models/join-requests.server';

export function createConfirmedJoinToken(db: Database, workEmail: string): Promise<string> {
  return createJoinRequest(db, workEmail.trim().toLowerCase());
}
