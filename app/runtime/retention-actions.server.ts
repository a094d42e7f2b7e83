/**
 * What the retention sweep (app/services/retention-sweep.server.ts) does when a deadline comes: the same erasure
 * HR starts by hand (a durable job the primary runs, docs/decisions/020-erasure-as-a-durable-job.md), and the same
 * deletion of face references as a withdrawn consent (docs/decisions/206-face-check-consent.md).
 */
import type { Platform } from '~/platform.server';
import { requestErasure } from '~/services/erasure.server';
import { deleteFaceReferences } from '~/services/face-references.server';
import type { RetentionActions } from '~/services/retention-sweep.server';

export function retentionActions(platform: Platform): RetentionActions {
  return {
    async erase(employeeId, reason) {
      await requestErasure(platform, { employeeId, requestedBy: { kind: 'retention' }, reason });
    },
    async deleteFaceReferences(employeeId) {
      await deleteFaceReferences(platform, employeeId);
    },
  };
}
