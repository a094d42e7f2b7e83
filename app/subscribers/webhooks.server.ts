/**
 * The webhooks subscriber (docs/decisions/329-signed-webhooks.md): hands each event to the endpoints HR registered
 * on /admin/webhooks, as delivery rows the delivery runner sends, signed, with its own retries.
 */
import type { Platform } from '~/platform.server';
import type { Subscriber } from '~/services/event-dispatcher.server';
import { fanOutWebhookEvent } from '~/services/webhooks/fan-out.server';

export function webhooksSubscriber(
  platform: Pick<Platform, 'db' | 'log' | 'fieldDefinitions' | 'customFields' | 'customFieldsVersion'>,
): Subscriber {
  return {
    name: 'webhooks',
    async handle(event) {
      await fanOutWebhookEvent(platform, event);
    },
  };
}
