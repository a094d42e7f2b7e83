/**
 * The retention sweep (docs/decisions/321-retention-periods-and-sweep.md): once per retention day, in one
 * instance at a time, it finds
 * - applications rejected, or pending (never completed), for longer than RETENTION_REJECTED_APPLICATION_DAYS;
 * - profiles deactivated for longer than RETENTION_DEACTIVATED_PROFILE_DAYS;
 * - inactive people (deactivated or rejected) whose face references have outlived
 *   RETENTION_FACE_AFTER_DEACTIVATION_DAYS;
 * tells HR RETENTION_WARNING_DAYS ahead (an `employee.retention-due` event, on HR's notification topic), once per
 * person and kind, and when the deadline has come and the warning period has passed since HR was told, acts
 * through the callbacks it is given: `erase` (the durable erasure job) or `deleteFaceReferences`. The sweep
 * decides when; the callbacks decide how, so the two can change apart.
 */
import { randomUUID } from 'node:crypto';
import { retentionDayMs } from '~/config/privacy-settings.server';
import {
  getRetentionNotice,
  listRetentionCandidates,
  markRetentionActed,
  recordRetentionNotice,
  type RetentionCandidate,
  type RetentionKind,
} from '~/models/retention.server';
import { claimRetentionSweep, finishRetentionSweep } from '~/models/retention-sweep-lease.server';
import type { Platform } from '~/platform.server';
import { recordEvent } from './domain-events.server';

/** What the sweep does when a deadline comes; supplied by the caller (app/runtime/primary.server.ts). */
export interface RetentionActions {
  /** Erase the person from every store; the reason is recorded on the tombstone. */
  erase(employeeId: string, reason: string): Promise<unknown>;
  /** Delete every face reference of the person (DynamoDB attribute, Rekognition face). */
  deleteFaceReferences(employeeId: string): Promise<unknown>;
}

export interface RetentionSweepResult {
  notified: number;
  erased: number;
  facesDeleted: number;
  failed: number;
}

type SweepPlatform = Pick<Platform, 'db' | 'env' | 'log'>;

interface Deadline {
  kind: RetentionKind;
  days: number;
  action: 'erase' | 'delete-face-references';
  reason: string;
}

/** The deadlines a person's status starts, the erasures first (an erasure takes the face references with it). */
function deadlinesOf(platform: SweepPlatform, candidate: RetentionCandidate): Deadline[] {
  const { env } = platform;
  const application = (what: string): Deadline => ({
    kind: 'application',
    days: env.RETENTION_REJECTED_APPLICATION_DAYS,
    action: 'erase',
    reason: `Retention: ${what} application kept ${env.RETENTION_REJECTED_APPLICATION_DAYS} days`,
  });
  if (candidate.status === 'pending') return [application('an abandoned')];
  const face: Deadline = {
    kind: 'face',
    days: env.RETENTION_FACE_AFTER_DEACTIVATION_DAYS,
    action: 'delete-face-references',
    reason: `Retention: face references kept ${env.RETENTION_FACE_AFTER_DEACTIVATION_DAYS} days after deactivation`,
  };
  if (candidate.statusChange === 'rejected') return [application('a rejected'), face];
  // Deactivated, or inactive since before the change was recorded: the longer, profile period applies.
  return [
    {
      kind: 'profile',
      days: env.RETENTION_DEACTIVATED_PROFILE_DAYS,
      action: 'erase',
      reason: `Retention: deactivated profile kept ${env.RETENTION_DEACTIVATED_PROFILE_DAYS} days`,
    },
    face,
  ];
}

/** One pass: warns HR of the deadlines within the warning period, and acts on those that have come. */
export async function runRetentionSweep(
  platform: SweepPlatform,
  actions: RetentionActions,
  now: Date = new Date(),
): Promise<RetentionSweepResult> {
  const dayMs = retentionDayMs(platform.env);
  const warningMs = platform.env.RETENTION_WARNING_DAYS * dayMs;
  const result: RetentionSweepResult = { notified: 0, erased: 0, facesDeleted: 0, failed: 0 };
  for (const candidate of await listRetentionCandidates(platform.db)) {
    for (const deadline of deadlinesOf(platform, candidate)) {
      const dueAt = new Date(candidate.since.getTime() + deadline.days * dayMs);
      if (now.getTime() < dueAt.getTime() - warningMs) continue;
      let notice = await getRetentionNotice(platform.db, candidate.employeeId, deadline.kind);
      if (notice?.basisAt.getTime() !== candidate.since.getTime()) {
        notice = {
          employeeId: candidate.employeeId,
          kind: deadline.kind,
          basisAt: candidate.since,
          dueAt,
          notifiedAt: now,
          actedAt: null,
        };
        await warnHr(platform, notice, deadline);
        result.notified += 1;
      }
      if (notice.actedAt) continue;
      // Never sooner than the warning period after HR was told, even when the sweep was down on the day.
      if (now.getTime() < Math.max(dueAt.getTime(), notice.notifiedAt.getTime() + warningMs)) continue;
      try {
        if (deadline.action === 'erase') await actions.erase(candidate.employeeId, deadline.reason);
        else await actions.deleteFaceReferences(candidate.employeeId);
      } catch (error) {
        result.failed += 1;
        platform.log.error('retention action failed; tried again at the next sweep', {
          employeeId: candidate.employeeId,
          kind: deadline.kind,
          error,
        });
        continue;
      }
      await markRetentionActed(platform.db, candidate.employeeId, deadline.kind, now);
      if (deadline.action === 'erase') {
        result.erased += 1;
        break; // the erasure covers the person's other deadlines
      }
      result.facesDeleted += 1;
    }
  }
  return result;
}

/** The notice row and HR's event, in one transaction: HR is told exactly when the notice is recorded. */
async function warnHr(
  platform: SweepPlatform,
  notice: Parameters<typeof recordRetentionNotice>[1],
  deadline: Deadline,
): Promise<void> {
  await platform.db.sequelize.transaction(async (transaction) => {
    await recordRetentionNotice(platform.db, notice, { transaction });
    await recordEvent(
      platform.db,
      {
        type: 'employee.retention-due',
        version: 1,
        employeeId: notice.employeeId,
        actorId: 'system',
        kind: deadline.kind,
        action: deadline.action,
        dueAt: notice.dueAt.toISOString(),
      },
      { transaction },
    );
  });
}

/** A claim outlives an instance that died mid-sweep by this much at most (a sweep takes seconds). */
const LEASE_MS = 60 * 60_000;

/** How often an instance asks whether the day's sweep is due: often enough for a shortened test day. */
function pollIntervalMs(dayMs: number): number {
  return Math.max(250, Math.min(60_000, Math.floor(dayMs / 4)));
}

/**
 * Runs the sweep once per retention day (RETENTION_DAY_SECONDS shortens it in tests): every instance asks, one
 * claims the day's lease (app/models/retention-sweep-lease.server.ts) and runs it. A run that fails is tried
 * again an hour (a 24th of the day) later. Returns a stop function that waits for a running sweep.
 */
export function startRetentionSweep(
  platform: SweepPlatform,
  actions: RetentionActions,
  /** onRun: after each run, with the time it claimed the day (what the schedule counts from). */
  options: { onRun?: (result: RetentionSweepResult, claimedAt: number) => void } = {},
): { stop(): Promise<void> } {
  const dayMs = retentionDayMs(platform.env);
  const holder = `sweep-${randomUUID()}`;
  let running: Promise<void> | null = null;
  const tick = async () => {
    const now = Date.now();
    if (!(await claimRetentionSweep(platform.db, holder, now, Math.min(dayMs, LEASE_MS)))) return;
    let nextRunAt = now + dayMs;
    try {
      const result = await runRetentionSweep(platform, actions, new Date(now));
      if (result.notified + result.erased + result.facesDeleted + result.failed > 0) {
        platform.log.info('retention sweep', { ...result });
      }
      options.onRun?.(result, now);
    } catch (error) {
      nextRunAt = now + Math.ceil(dayMs / 24);
      platform.log.error('retention sweep failed', { error });
    } finally {
      await finishRetentionSweep(platform.db, holder, nextRunAt);
    }
  };
  const timer = setInterval(() => {
    if (running) return;
    running = tick()
      .catch((error: unknown) => platform.log.error('retention sweep lease failed', { error }))
      .finally(() => {
        running = null;
      });
  }, pollIntervalMs(dayMs));
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
