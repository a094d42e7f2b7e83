/**
 * What a webhook says (docs/decisions/329-signed-webhooks.md): the Standard Webhooks shape `{ type, timestamp, data }`
 * with the event's and the person's ids and, per type, a few fixed words (a status change, a role) or, for an update,
 * the NAMES of the fields that changed, never a value. An endpoint is an outside system whose readers nobody here
 * knows, so it reads as the least-trusted reader who still belongs to the company: any active employee
 * (ANY_EMPLOYEE, what the directory shows to all). A restricted field's name (personal email, a field HR shows only
 * to the manager chain) is left out; an update that changed nothing else is not sent at all. Never the actor
 * (another person) nor anything else an event may name.
 */
import type { EmployeeEvent, EmployeeEventType } from '@shared/contracts/employee-events';
import type { FieldDefinitions } from '~/models/field-definitions';
import type { CustomFieldDefinitions } from '~/models/custom-fields';
import { customFieldInputName } from '~/models/custom-fields';
import { ANY_EMPLOYEE, mayReadField, type FieldReader } from '~/services/field-gate.server';

/** The event types an endpoint may ask for, with what HR reads on the form. */
export const WEBHOOK_EVENT_TYPES = {
  'employee.created': 'A profile was created (joined, added by HR, imported)',
  'employee.updated': 'Profile fields changed (their names only)',
  'employee.status-changed': 'Activated, rejected, deactivated or reactivated',
  'employee.role-changed': 'Became HR admin, or stopped being one',
  'employee.photo-ready': 'A new profile photo is ready',
  'employee.deleted': 'The person was erased: delete what you hold about them',
} as const satisfies Partial<Record<EmployeeEventType, string>>;

export type WebhookEventType = keyof typeof WEBHOOK_EVENT_TYPES;

export const WEBHOOK_EVENT_TYPE_NAMES = Object.keys(WEBHOOK_EVENT_TYPES) as WebhookEventType[];

/** Who a webhook's readers are to the people it is about (see above). */
export const WEBHOOK_READER: FieldReader = ANY_EMPLOYEE;

/**
 * The profile extras (pronouns, time zone, skills, links: app/models/metadata.server.ts) are shown on every profile
 * and are no field definitions; any other name an event carries that no definition knows is left out.
 */
const PROFILE_EXTRAS = new Set(['pronouns', 'timeZone', 'skills', 'links']);

/** Whether a webhook may name field `name` (a built-in key, `custom.<key>`, or a profile extra). */
export function webhookMayName(
  definitions: { builtIn: FieldDefinitions; custom: CustomFieldDefinitions },
  name: string,
): boolean {
  const builtIn = definitions.builtIn.find((field) => field.key === name);
  if (builtIn) return mayReadField(builtIn, WEBHOOK_READER);
  const custom = definitions.custom.find((field) => customFieldInputName(field.key) === name);
  if (custom) return mayReadField(custom, WEBHOOK_READER);
  return PROFILE_EXTRAS.has(name);
}

export function isWebhookEventType(type: string): type is WebhookEventType {
  return type in WEBHOOK_EVENT_TYPES;
}

/** The body sent for `event`, or null when an endpoint's readers may see nothing of it. */
export function webhookPayload(
  event: EmployeeEvent,
  definitions: { builtIn: FieldDefinitions; custom: CustomFieldDefinitions },
): string | null {
  const ids = { eventId: event.eventId, employeeId: event.employeeId };
  let data: Record<string, unknown>;
  switch (event.type) {
    case 'employee.created':
      data = { ...ids, source: event.source, status: event.employee.status };
      break;
    case 'employee.updated': {
      const changedFields = event.changedFields.filter((name) => webhookMayName(definitions, name));
      if (changedFields.length === 0) return null;
      data = { ...ids, changedFields };
      break;
    }
    case 'employee.status-changed':
      data = { ...ids, change: event.change, from: event.from, to: event.to };
      break;
    case 'employee.role-changed':
      data = { ...ids, from: event.from, to: event.to };
      break;
    case 'employee.photo-ready':
      data = { ...ids, photoId: event.photoId };
      break;
    case 'employee.deleted':
      data = ids;
      break;
    default:
      return null;
  }
  return JSON.stringify({ type: event.type, timestamp: event.occurredAt, data });
}
