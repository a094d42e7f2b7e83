/**
 * The retention sweep's lease: one row (`retention_sweep_lease`, migration 013) saying when the sweep is next
 * due and which instance is running it. Claims are conditional updates, so of several instances (AWS) exactly
 * one runs a given day's sweep; a lease that expires (its instance died) can be claimed again.
 */
import { QueryTypes } from 'sequelize';
import type { Database } from '~/db/database.server';
import { affectedRows } from '~/db/affected-rows.server';

const SWEEP = 'retention';

/** Claims the day's sweep for `holder` if it is due and nobody holds a live lease. True when claimed. */
export async function claimRetentionSweep(
  db: Database,
  holder: string,
  now: number,
  leaseMs: number,
): Promise<boolean> {
  const [, affected] = await db.sequelize.query(
    `UPDATE retention_sweep_lease SET holder = :holder, lease_expires_at = :expires
     WHERE name = :name AND next_run_at <= :now AND (lease_expires_at IS NULL OR lease_expires_at < :now)`,
    { replacements: { name: SWEEP, holder, now, expires: now + leaseMs }, type: QueryTypes.UPDATE },
  );
  return affectedRows(affected) === 1;
}

/** Ends `holder`'s lease and sets when the sweep is next due. */
export async function finishRetentionSweep(db: Database, holder: string, nextRunAt: number): Promise<void> {
  await db.sequelize.query(
    `UPDATE retention_sweep_lease SET holder = NULL, lease_expires_at = NULL, next_run_at = :nextRunAt
     WHERE name = :name AND holder = :holder`,
    { replacements: { name: SWEEP, holder, nextRunAt }, type: QueryTypes.UPDATE },
  );
}
