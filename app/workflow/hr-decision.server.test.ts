/**
 * The pending page's view of HR's workflow decisions: a decision the workflow has not applied yet is shown as
 * underway (no buttons to decide again), for a while; a decision taken back (the engine could not be told) is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '~/db/database.server';
import { completeWaitingTask, reopenTask, storeWaitingTask } from '~/models/workflow-tasks.server';
import { addEmployee, openTestDatabase } from '@test-support/auth-database';
import { DECISION_UNDERWAY_MS, listDecisionsUnderway } from './hr-decision.server';

let db: Database;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
});
afterAll(async () => close());

async function decide(employeeId: string, decision: 'approved' | 'rejected', at: number) {
  const task = await storeWaitingTask(
    db,
    { employeeId, step: 'AwaitHrDecision', taskToken: `token-${employeeId}`, executionId: employeeId, findings: '{}' },
    at - 60_000,
  );
  const recorded = JSON.stringify({ decision, decidedBy: 'hr', decidedAt: new Date(at).toISOString() });
  await completeWaitingTask(db, task.id, { decision: recorded, now: at });
  return task;
}

describe('listDecisionsUnderway', () => {
  it('lists the decisions of the last minutes, not older ones nor one taken back', async () => {
    const now = Date.now();
    const approved = await addEmployee(db, { status: 'pending' });
    const rejected = await addEmployee(db, { status: 'pending' });
    const long = await addEmployee(db, { status: 'pending' });
    const takenBack = await addEmployee(db, { status: 'pending' });
    await decide(approved.id, 'approved', now - 2_000);
    await decide(rejected.id, 'rejected', now - 1_000);
    await decide(long.id, 'approved', now - DECISION_UNDERWAY_MS - 1_000);
    await reopenTask(db, (await decide(takenBack.id, 'approved', now - 500)).id);

    const underway = await listDecisionsUnderway({ db }, now);
    expect(Object.fromEntries(underway)).toEqual({ [approved.id]: 'approved', [rejected.id]: 'rejected' });
  });
});
