/**
 * Last: once `employee.deleted` has reached every subscriber of it, and the webhooks telling other systems of it are
 * settled (delivered, or failed after their last attempt: docs/decisions/329-signed-webhooks.md), the person's whole
 * outbox goes (their events, delivery rows and webhook deliveries: only ids by now, but ids of a person who no longer
 * exists), and the search index forgets the id again (the search-index subscriber has just handled the event).
 * Until then the step waits, and the job retries it on its next round.
 */
import { countUndeliveredDeletion, purgeOutboxOf } from '~/models/person-rows.server';
import { countPendingWebhookDeliveriesAbout } from '~/models/webhook-deliveries.server';
import { ErasureStepWaitingError, type ErasureStep } from './erasure-step.server';

export const outboxStep: ErasureStep = {
  name: 'outbox',
  async run({ platform, erasure }) {
    const waiting = await countUndeliveredDeletion(platform.db, erasure.employeeId);
    if (waiting > 0) {
      throw new ErasureStepWaitingError(`employee.deleted still waits for ${waiting} subscriber(s)`);
    }
    const webhooks = await countPendingWebhookDeliveriesAbout(platform.db, erasure.employeeId);
    if (webhooks > 0) {
      throw new ErasureStepWaitingError(`employee.deleted still waits for ${webhooks} webhook delivery(ies)`);
    }
    await purgeOutboxOf(platform.db, erasure.employeeId);
    await platform.search.forget(erasure.employeeId);
  },
};
