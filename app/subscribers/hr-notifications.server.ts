/**
 * The HR notification subscriber: renders the events HR and other systems should hear about into the topic's
 * messages. Personal notices (a reset link, an activation) never go here: they are emailed to the employee
 * (personal-notices.server.ts). The message id is the event id, so a retried delivery is deduplicated
 * downstream.
 */
import type { Platform } from '~/platform.server';
import type { Subscriber } from '~/services/event-dispatcher.server';
import { renderHrNotification } from '~/services/hr-notification-messages.server';
import { publishNotification } from '~/services/notifications.server';
import { isErasureRequested } from '~/models/erasures.server';

export function hrNotifications(platform: Pick<Platform, 'db' | 'env' | 'publisher'>): Subscriber {
  return {
    name: 'hr-notifications',
    async handle(event) {
      // A person being erased: HR hears nothing more about them (docs/decisions/020-erasure-as-a-durable-job.md).
      if (await isErasureRequested(platform.db, event.employeeId)) return;
      const rendered = await renderHrNotification(platform, event);
      if (rendered) await publishNotification(platform.publisher, ...rendered);
    },
  };
}
