/**
 * The guard against loops in the reporting lines: a person may not manage themself, nor be given a manager who
 * already reports to them, directly or through others. One check, called where a manager is written (the
 * profile edit by HR and by the person, app/services/employees.server.ts) and by the forms before it
 * (app/services/profile-form.server.ts) for an early message. Creating people cannot close a loop (nobody
 * reports to a new person yet); a CSV file's own loops are the import's (app/routes/admin/import.server.ts).
 * Why a turn and SERIALIZABLE: docs/decisions/024-manager-loops-refused-where-written.md.
 */
import { Transaction, type TransactionOptions } from 'sequelize';
import type { Database } from '~/db/database.server';
import { getDisplayNames } from '~/models/employee.server';
import { takeManagerLinesTurn } from '~/models/manager-lines.server';
import { listManagerChainIds } from '~/models/team.server';

/**
 * How far up from the new manager the check walks: far deeper than any real organisation (8–10 levels at
 * 20,000 people). A line this long without reaching the person is refused as unverifiable rather than let
 * through, and the walk stays bounded if a loop already sits higher up.
 */
export const MANAGER_LINE_MAX_DEPTH = 100;

export type ManagerLineProblem =
  | { kind: 'self' }
  /** path: the new manager first, then each one's manager, ending with the person themself. */
  | { kind: 'loop'; path: string[] }
  | { kind: 'too-deep' };

export class ManagerCycleError extends Error {
  constructor(
    readonly employeeId: string,
    readonly managerId: string,
    readonly problem: ManagerLineProblem,
    message: string,
  ) {
    super(message);
    this.name = 'ManagerCycleError';
  }
}

/**
 * The options for a transaction that sets a manager and calls assertNoManagerCycle. On MySQL/MariaDB,
 * SERIALIZABLE makes the recursive read lock the rows it walks and read them as committed, rather than from a
 * snapshot that may predate the other writer's commit. SQLite's transactions are serializable already.
 */
export const MANAGER_CHANGE_TRANSACTION: TransactionOptions = {
  isolationLevel: Transaction.ISOLATION_LEVELS.SERIALIZABLE,
};

/** What would be wrong with `employeeId` reporting to `managerId`, in one recursive query; null when nothing. */
export async function findManagerLineProblem(
  db: Database,
  change: { employeeId: string; managerId: string },
  transaction?: Transaction,
): Promise<ManagerLineProblem | null> {
  if (change.employeeId === change.managerId) return { kind: 'self' };
  const above = await listManagerChainIds(db, change.managerId, { maxDepth: MANAGER_LINE_MAX_DEPTH, transaction });
  const reached = above.indexOf(change.employeeId);
  if (reached >= 0) return { kind: 'loop', path: [change.managerId, ...above.slice(0, reached + 1)] };
  // A line that repeats a person loops above the new manager without this person: an existing fault
  // (/admin/org-health lists it), and this change does not add to it.
  if (above.length >= MANAGER_LINE_MAX_DEPTH && new Set(above).size === above.length) return { kind: 'too-deep' };
  return null;
}

/** The problem as a sentence naming the people, for the form field or the import's row. */
export async function describeManagerLineProblem(
  db: Database,
  change: { employeeId: string; managerId: string },
  problem: ManagerLineProblem,
): Promise<string> {
  const ids = [change.employeeId, change.managerId, ...(problem.kind === 'loop' ? problem.path : [])];
  const names = await getDisplayNames(db, ids);
  const name = (id: string) => names.get(id) ?? 'someone no longer listed';
  const person = name(change.employeeId);
  const manager = name(change.managerId);
  switch (problem.kind) {
    case 'self':
      return `${person} cannot be their own manager.`;
    case 'loop':
      return problem.path.length === 2
        ? `${person} cannot report to ${manager}: ${manager} reports to ${person}, which would make a loop.`
        : `${person} cannot report to ${manager}: ${manager} already reports to ${person} through ` +
            `${problem.path.slice(1, -1).map(name).join(', then ')}, which would make a loop.`;
    case 'too-deep':
      return `${manager}'s reporting line is more than ${MANAGER_LINE_MAX_DEPTH} levels deep, so a loop cannot be ruled out: fix it first.`;
  }
}

/**
 * Refuses (ManagerCycleError) a manager that would close a loop. Call it inside the transaction that writes the
 * manager, opened with MANAGER_CHANGE_TRANSACTION: it takes the writers' turn first, so of two edits that would
 * close a loop together, the second sees the first's row and is refused.
 */
export async function assertNoManagerCycle(
  db: Database,
  change: { employeeId: string; managerId: string },
  transaction: Transaction,
): Promise<void> {
  await takeManagerLinesTurn(db, transaction);
  const problem = await findManagerLineProblem(db, change, transaction);
  if (!problem) return;
  throw new ManagerCycleError(
    change.employeeId,
    change.managerId,
    problem,
    await describeManagerLineProblem(db, change, problem),
  );
}
