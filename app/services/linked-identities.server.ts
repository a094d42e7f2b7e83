/**
 * Linking an identity at the company's identity provider to an employee, and an admin removing that link.
 * Each is an activity entry (DynamoDB, shown on the admin employee page) and a domain event committed with
 * the row, in the order every employee change follows (docs/decisions/001): activity first, then one SQL
 * transaction; if the transaction fails the activity entry is taken back.
 */
import type { Transaction } from 'sequelize';
import type { Platform } from '~/platform.server';
import {
  deleteLinkedIdentity,
  getLinkedIdentity,
  insertLinkedIdentity,
  type LinkedIdentity,
} from '~/models/linked-identities.server';
import { recordEvent } from './domain-events.server';
import { withActivity } from './employees.server';

export interface VerifiedIdentity {
  providerId: string;
  issuer: string;
  subject: string;
  /** The work email the provider vouched for (lower case). */
  email: string;
}

/** Writes the link row and its event in `transaction` (onboarding: the same one that creates the employee). */
export async function insertLinkWithEvent(
  platform: Platform,
  transaction: Transaction,
  input: { employeeId: string; actorId: string; identity: VerifiedIdentity },
): Promise<LinkedIdentity> {
  const link = await insertLinkedIdentity(
    platform.db,
    { employeeId: input.employeeId, ...input.identity },
    { transaction },
  );
  await recordEvent(
    platform.db,
    {
      type: 'employee.identity-linked',
      version: 1,
      employeeId: input.employeeId,
      actorId: input.actorId,
      linkId: link.id,
      providerId: link.providerId,
      issuer: link.issuer,
    },
    { transaction },
  );
  return link;
}

export const IDENTITY_LINKED_ACTION = 'identity.linked';
export const IDENTITY_UNLINKED_ACTION = 'identity.unlinked';

/** Links an identity to an existing employee at their first sign-in through it (the employee is the actor). */
export function linkIdentity(platform: Platform, employeeId: string, identity: VerifiedIdentity) {
  return withActivity(
    platform,
    { employeeId, actorId: employeeId, action: IDENTITY_LINKED_ACTION, note: identity.providerId },
    () =>
      platform.db.sequelize.transaction((transaction) =>
        insertLinkWithEvent(platform, transaction, { employeeId, actorId: employeeId, identity }),
      ),
  );
}

/** An admin removes a link: the next sign-in through that identity links again only by a matching email. */
export async function unlinkIdentity(
  platform: Platform,
  actorId: string,
  where: { employeeId: string; linkId: string },
): Promise<LinkedIdentity | null> {
  const { employeeId, linkId } = where;
  // A link that is not there writes nothing (no activity entry to take back).
  if (!(await getLinkedIdentity(platform.db, { employeeId, id: linkId }))) return null;
  let removed: LinkedIdentity | null = null;
  await withActivity(platform, { employeeId, actorId, action: IDENTITY_UNLINKED_ACTION }, () =>
    platform.db.sequelize.transaction(async (transaction) => {
      removed = await deleteLinkedIdentity(platform.db, { employeeId, id: linkId }, { transaction });
      // Nothing removed: throwing rolls back and takes the activity entry back with it.
      if (!removed) throw new LinkNotFoundError();
      await recordEvent(
        platform.db,
        {
          type: 'employee.identity-unlinked',
          version: 1,
          employeeId,
          actorId,
          linkId,
          providerId: removed.providerId,
          issuer: removed.issuer,
        },
        { transaction },
      );
    }),
  ).catch((error: unknown) => {
    if (!(error instanceof LinkNotFoundError)) throw error;
  });
  return removed;
}

class LinkNotFoundError extends Error {
  constructor() {
    super('No such linked identity');
    this.name = 'LinkNotFoundError';
  }
}
