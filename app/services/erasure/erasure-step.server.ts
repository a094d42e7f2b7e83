/** One step of an erasure (docs/decisions/020-erasure-as-a-durable-job.md): idempotent, so a resumed job may repeat it. */
import type { Erasure } from '~/models/erasures.server';
import type { Platform } from '~/platform.server';
import type { ErasurePorts } from './erasure-ports.server';
import type { PersonIdentifiers } from './person-identifiers.server';

export interface ErasureStepContext {
  platform: Platform;
  erasure: Erasure;
  ports: ErasurePorts;
  /** Read when this run began; null once the employee row is gone (only the last steps run then). */
  identifiers: PersonIdentifiers | null;
  /** Who the events and activity entries name: the HR admin who asked, or `system` (the retention sweep). */
  actorId: string;
}

export interface ErasureStep {
  name: string;
  run(context: ErasureStepContext): Promise<void>;
}

/** A step that cannot finish yet and should be tried again on a later round (not a failure). */
export class ErasureStepWaitingError extends Error {
  override name = 'ErasureStepWaitingError';
}
