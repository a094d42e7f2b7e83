/**
 * An event becomes one delivery row per enabled endpoint that asked for its type (docs/decisions/329-signed-webhooks.md):
 * written here, in one quick database pass, so that the outbox subscriber never waits on a receiver; the delivery
 * runner (./delivery-runner.server.ts) sends each row with its own retries, so one failing endpoint holds back no
 * other. Idempotent: a redelivered event finds its rows written.
 */
import type { EmployeeEvent } from '@shared/contracts/employee-events';
import { listWebhookEndpoints } from '~/models/webhook-endpoints.server';
import { insertWebhookDeliveries } from '~/models/webhook-deliveries.server';
import { isErasureRequested } from '~/models/erasures.server';
import type { Platform } from '~/platform.server';
import { refreshCustomFields } from '~/services/custom-field-cache.server';
import { webhookPayload } from './payload.server';

export async function fanOutWebhookEvent(
  platform: Pick<Platform, 'db' | 'log' | 'fieldDefinitions' | 'customFields' | 'customFieldsVersion'>,
  event: EmployeeEvent,
  now = new Date(),
): Promise<number> {
  // A person being erased: other systems hear only that they are gone (docs/decisions/020-erasure-as-a-durable-job.md).
  if (event.type !== 'employee.deleted' && (await isErasureRequested(platform.db, event.employeeId))) return 0;
  const endpoints = (await listWebhookEndpoints(platform.db, { enabledOnly: true })).filter((endpoint) =>
    endpoint.eventTypes.includes(event.type),
  );
  if (endpoints.length === 0) return 0;
  // Which custom fields an endpoint may name depends on their current visibility.
  await refreshCustomFields(platform);
  const payload = webhookPayload(event, { builtIn: platform.fieldDefinitions, custom: platform.customFields });
  if (payload === null) return 0;
  await insertWebhookDeliveries(
    platform.db,
    endpoints.map((endpoint) => ({
      endpointId: endpoint.id,
      eventId: event.eventId,
      employeeId: event.employeeId,
      eventType: event.type,
      payload,
    })),
    now,
  );
  return endpoints.length;
}
