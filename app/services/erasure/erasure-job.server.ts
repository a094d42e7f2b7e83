/**
 * The erasure job (docs/decisions/020-erasure-as-a-durable-job.md): ordered, idempotent steps, each recorded in the
 * erasure's row as it completes, under a lease that one runner holds at a time. A runner killed mid-step leaves
 * the lease to run out; the next claim (the primary at start and on its timer) reads the row again and resumes
 * at the first step not recorded, repeating at most the one that was under way.
 */
import {
  claimErasure,
  completeErasure,
  getErasure,
  listClaimableErasures,
  recordStepDone,
  recordStepFailure,
} from '~/models/erasures.server';
import type { Platform } from '~/platform.server';
import { SYSTEM_ACTOR } from '~/services/employees.server';
import { ErasureStepWaitingError, type ErasureStep } from './erasure-step.server';
import { erasurePortsFor, type ErasurePorts } from './erasure-ports.server';
import { readPersonIdentifiers } from './person-identifiers.server';
import { stopWorkflowStep } from './workflow-step.server';
import { unassignReportsStep } from './managers-step.server';
import { faceCollectionStep, objectVersionsStep, photosStep } from './photos-step.server';
import { metadataStep } from './metadata-step.server';
import { searchStep } from './search-step.server';
import { mailStep } from './mail-step.server';
import { databaseStep } from './database-step.server';
import { outboxStep } from './outbox-step.server';

/** In order; the decision record says why this order. */
export const ERASURE_STEPS: readonly ErasureStep[] = [
  stopWorkflowStep,
  unassignReportsStep,
  photosStep,
  objectVersionsStep,
  faceCollectionStep,
  metadataStep,
  searchStep,
  mailStep,
  databaseStep,
  outboxStep,
];

export const ERASURE_STEP_NAMES = ERASURE_STEPS.map((step) => step.name);

export interface ErasureRunOptions {
  ports?: ErasurePorts;
  /** How long a claim holds without renewal (renewed before every step). */
  leaseMs?: number;
  /** After a failed step, how long before a runner tries again. */
  retryAfterMs?: number;
  /** Called after each recorded step (tests: a process killed between steps). */
  afterStep?: (name: string) => void | Promise<void>;
}

export const DEFAULT_ERASURE_LEASE_MS = 60_000;
const WAITING_RETRY_MS = 1_000;
const FAILED_RETRY_MS = 15_000;

export type ErasureRunResult = 'completed' | 'waiting' | 'failed' | 'busy';

export async function runErasure(
  platform: Platform,
  erasureId: string,
  options: ErasureRunOptions = {},
): Promise<ErasureRunResult> {
  const { db, log } = platform;
  const leaseMs = options.leaseMs ?? DEFAULT_ERASURE_LEASE_MS;
  if (!(await claimErasure(db, erasureId, { leaseMs }))) return 'busy';
  const erasure = await getErasure(db, erasureId);
  if (!erasure) return 'busy';
  const context = {
    platform,
    erasure,
    ports: options.ports ?? erasurePortsFor(platform),
    identifiers: await readPersonIdentifiers(platform, erasure.employeeId),
    actorId: erasure.requestedBy.kind === 'hr' ? erasure.requestedBy.employeeId : SYSTEM_ACTOR,
  };
  const done = [...erasure.stepsDone];
  for (const step of ERASURE_STEPS) {
    if (done.includes(step.name)) continue;
    await claimErasure(db, erasureId, { leaseMs, renewing: true });
    try {
      await step.run(context);
    } catch (error) {
      const waiting = error instanceof ErasureStepWaitingError;
      const message = `${step.name}: ${(error as Error).name}: ${(error as Error).message}`;
      await recordStepFailure(
        db,
        erasureId,
        message,
        Date.now() + (waiting ? WAITING_RETRY_MS : (options.retryAfterMs ?? FAILED_RETRY_MS)),
      );
      if (waiting) {
        log.info('erasure waits', { erasureId, step: step.name });
        return 'waiting';
      }
      log.error('erasure step failed, will retry', { erasureId, step: step.name, error });
      return 'failed';
    }
    done.push(step.name);
    await recordStepDone(db, erasureId, done);
    await options.afterStep?.(step.name);
  }
  await completeErasure(db, erasureId);
  log.info('erasure completed', { erasureId, employeeId: erasure.employeeId });
  return 'completed';
}

/** One round: every unfinished erasure whose lease is free, one after the other. */
export async function resumeErasures(
  platform: Platform,
  options: ErasureRunOptions = {},
): Promise<Record<ErasureRunResult, number>> {
  const results: Record<ErasureRunResult, number> = { completed: 0, waiting: 0, failed: 0, busy: 0 };
  for (const id of await listClaimableErasures(platform.db)) {
    results[await runErasure(platform, id, options)] += 1;
  }
  return results;
}

/**
 * The primary's runner: a round at once (erasures a previous process left unfinished) and every intervalMs, never
 * two rounds at a time in this process (the lease keeps other processes off the same erasure).
 */
export function startErasureRunner(
  platform: Platform,
  options: ErasureRunOptions & { intervalMs: number },
): { stop(): Promise<void> } {
  let round: Promise<void> | null = null;
  let stopped = false;
  const go = () => {
    if (round || stopped) return;
    round = resumeErasures(platform, options)
      .then(() => undefined)
      .catch((error: unknown) => platform.log.error('erasure round failed', { error }))
      .finally(() => {
        round = null;
      });
  };
  go();
  const timer = setInterval(go, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await round;
    },
  };
}
