/**
 * What the retention sweep does when a deadline comes (app/services/retention-sweep.server.ts).
 *
 * MERGE POINT (for whoever merges the data-rights branches): replace both bodies with the real actions,
 *   erase: (employeeId, reason) =>
 *     requestErasure(platform, { employeeId, requestedBy: { kind: 'retention' }, reason }),
 *   deleteFaceReferences: (employeeId) => deleteFaceReferences(platform, employeeId),
 * from the erasure service and the face-references service (the erasure and consent branches).
 * Until then each action fails: the sweep warns HR as it should, logs the failure, marks nothing as done, and
 * tries again at the next sweep, so nothing is skipped once the real actions are in.
 */
import type { Platform } from '~/platform.server';
import type { RetentionActions } from '~/services/retention-sweep.server';

export class RetentionActionMissingError extends Error {
  constructor(action: string) {
    super(`The retention sweep has no ${action} action wired yet (app/runtime/retention-actions.server.ts)`);
    this.name = 'RetentionActionMissingError';
  }
}

export function retentionActions(_platform: Platform): RetentionActions {
  return {
    async erase() {
      throw new RetentionActionMissingError('erase');
    },
    async deleteFaceReferences() {
      throw new RetentionActionMissingError('deleteFaceReferences');
    },
  };
}
