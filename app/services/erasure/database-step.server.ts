/**
 * The database, in one transaction: every row about the person (app/models/rows-about-a-person.server.ts), their id
 * out of other people's events, the employee row, and `employee.deleted` (ids only) for the subscribers. Last but
 * one, because the steps before it read the row (addresses for mail and the suppression list).
 */
import { deleteRowsAbout } from '~/models/person-rows.server';
import { recordEvent } from '~/services/domain-events.server';
import type { ErasureStep } from './erasure-step.server';

export const databaseStep: ErasureStep = {
  name: 'database',
  async run({ platform, erasure, identifiers, actorId }) {
    const { db } = platform;
    // The row already gone means this step committed before (it is one transaction) and its event with it.
    if (!identifiers) return;
    await db.sequelize.transaction(async (transaction) => {
      await deleteRowsAbout(db, erasure.employeeId, identifiers.emails, transaction);
      await recordEvent(
        db,
        { type: 'employee.deleted', version: 1, employeeId: erasure.employeeId, actorId },
        { transaction },
      );
    });
  },
};
