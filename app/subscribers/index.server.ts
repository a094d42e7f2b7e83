/**
 * Every subscriber's handler, by the name it has in subscriptions.ts. The primary process dispatches to
 * these (app/runtime/primary.server.ts); a feature that reacts to a change adds its subscriber here and its
 * event types in subscriptions.ts, and the writers stay as they are.
 */
import type { Platform } from '~/platform.server';
import type { Subscriber } from '~/services/event-dispatcher.server';
import { hrNotifications } from './hr-notifications.server';
import { personalNotices } from './personal-notices.server';
import { searchIndexSubscriber } from './search-index.server';
import { verificationWorkflow } from './verification-workflow.server';
import { webhooksSubscriber } from './webhooks.server';
import type { SubscriberName } from '~/services/subscriptions';

export function createSubscribers(platform: Platform): Subscriber[] {
  const subscribers: Record<SubscriberName, Subscriber> = {
    'hr-notifications': hrNotifications(platform),
    'personal-notices': personalNotices(platform),
    'search-index': searchIndexSubscriber(platform),
    'verification-workflow': verificationWorkflow(platform),
    webhooks: webhooksSubscriber(platform),
  };
  return Object.values(subscribers);
}
