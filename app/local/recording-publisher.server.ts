/** The local stand-in for SNS: keeps every message for /admin/notifications (and the password-reset link). */
import type { Database } from '~/db/database.server';
import { recordNotification } from '~/models/recorded-notifications.server';
import type { Publisher } from '~/services/notifications.server';

export function recordingPublisher(db: Database): Publisher {
  return { publish: (message) => recordNotification(db, message) };
}
