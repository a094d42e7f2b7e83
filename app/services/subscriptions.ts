/**
 * Which subscriber receives which event types: the one place to start when adding a subscriber (see
 * docs/architecture.md#the-event-seam). Pure data, read when an event is written, so that each subscriber gets its own
 * delivery row in the same transaction as the change. The handlers are in app/subscribers/index.server.ts.
 */
import type { EmployeeEventType } from '@shared/contracts/employee-events';

export const SUBSCRIPTIONS = {
  /** HR's notification topic (SNS on AWS, the local recorder otherwise): events for HR and systems only. */
  'hr-notifications': ['employee.created', 'employee.verification-notice', 'employee.retention-due'],
  /** Emails to one employee (app/services/personal-notices.server.ts: one entry per kind of notice). */
  'personal-notices': [
    'employee.status-changed',
    'employee.password-reset-requested',
    'employee.verification-notice',
    'employee.photo-failed',
    'employee.field-change-decided',
  ],
  /**
   * The verification workflow (decision 010): a new profile starts its execution; the photo's outcome and a
   * decision made by hand complete its waiting step; deactivation or deletion stops it.
   */
  'verification-workflow': [
    'employee.created',
    'employee.photo-ready',
    'employee.photo-failed',
    'employee.photo-held',
    'employee.status-changed',
    'employee.deleted',
  ],
  /**
   * The directory's search index: anything that changes what the public card shows, or who is active, and the
   * definitions of the fields HR defines (which of them the index holds).
   */
  'search-index': [
    'employee.created',
    'employee.updated',
    'employee.status-changed',
    'employee.role-changed',
    'employee.photo-ready',
    'employee.deleted',
    'field-definitions.changed',
  ],
  /**
   * Webhooks to the systems HR registered (docs/decisions/329-signed-webhooks.md): the types an endpoint may ask
   * for (WEBHOOK_EVENT_TYPES in app/services/webhooks/payload.server.ts).
   */
  webhooks: [
    'employee.created',
    'employee.updated',
    'employee.status-changed',
    'employee.role-changed',
    'employee.photo-ready',
    'employee.deleted',
  ],
} as const satisfies Record<string, readonly EmployeeEventType[]>;

export type SubscriberName = keyof typeof SUBSCRIPTIONS;
export type Subscriptions = Readonly<Record<string, readonly EmployeeEventType[]>>;

export function subscribersOf(type: EmployeeEventType, subscriptions: Subscriptions = SUBSCRIPTIONS): string[] {
  return Object.entries(subscriptions)
    .filter(([, types]) => types.includes(type))
    .map(([name]) => name);
}
