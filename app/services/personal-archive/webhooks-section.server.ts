/**
 * Which other systems were told about the person, and when (docs/decisions/329-signed-webhooks.md): each webhook
 * delivery about them, by the system's name as HR registered it, with the event type, the field names it carried
 * and how the delivery went. The systems' answers are left out: they are the receivers' words, not about the person.
 */
import { listWebhookDeliveriesAbout } from '~/models/webhook-deliveries.server';
import type { ArchiveSection } from './section.server';

export const webhooksSection: ArchiveSection = {
  key: 'systemsTold',
  readme: 'myDataReadme.systemsTold',
  async collect({ platform, employeeId }) {
    const deliveries = await listWebhookDeliveriesAbout(platform.db, employeeId);
    return {
      data: deliveries.map((delivery) => {
        const sent = JSON.parse(delivery.payload) as { data?: { changedFields?: string[] } };
        return {
          system: delivery.endpointName,
          event: delivery.eventType,
          ...(sent.data?.changedFields ? { changedFields: sent.data.changedFields } : {}),
          at: delivery.createdAt.toISOString(),
          status: delivery.status,
          deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
        };
      }),
    };
  },
};
