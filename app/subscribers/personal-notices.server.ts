/**
 * The personal-notices subscriber: the notices meant for one employee (activation, rejection, a password-
 * reset link) are emailed to their work email through the mailer (SES on AWS, `.eml` files locally), one
 * email per event and delivery row, retried with the dispatcher's backoff. Nothing of them goes to HR's
 * topic. A retry after SES accepted the email but before the delivery was marked sends it again (at least
 * once); for a reset that is a second working link, which is harmless.
 */
import type { Platform } from '~/platform.server';
import type { Subscriber } from '~/services/event-dispatcher.server';
import { preparePersonalNotice } from '~/services/personal-notices.server';
import { isErasureRequested } from '~/models/erasures.server';

export function personalNotices(platform: Pick<Platform, 'db' | 'env' | 'mailer'>): Subscriber {
  return {
    name: 'personal-notices',
    async handle(event) {
      // Nothing more is sent to a person being erased (docs/decisions/020-erasure-as-a-durable-job.md).
      if (await isErasureRequested(platform.db, event.employeeId)) return;
      const email = await preparePersonalNotice(platform, event);
      if (email) await platform.mailer.send(email);
    },
  };
}
