/** The local stand-in for HR's SNS topic: keeps every message for /admin/notifications (HR and system events only). */
import type { Database } from '~/db/database.server';
import { recordNotification } from '~/models/recorded-notifications.server';
import type { Publisher } from '~/services/notifications.server';

export function recordingPublisher(db: Database): Publisher {
  return { publish: (message) => recordNotification(db, message) };
}
