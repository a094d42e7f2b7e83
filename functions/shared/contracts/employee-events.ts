/**
 * Domain events: every change to an employee, written to the transactional outbox in the same database
 * transaction as the change, then handed to each subscriber registered for its type (app/subscribers/).
 * The writer does not know its readers.
 *
 * Change a schema only by adding optional fields; anything else is a new `version` (and subscribers accept
 * both until the old one is drained). Events carry ids and non-personal words only (outcomes, statuses, field
 * names, the system's own fixed messages), never a name, an address, a phone number, an employee number or
 * text someone wrote about a person: a subscriber that needs the current record reads it
 * (docs/decisions/021-events-carry-ids-only.md). The outbox keeps events for good, and an erased person must
 * leave nothing in it. Payloads are parsed on the way in and on the way out.
 */
import { z } from 'zod';
import { FaceCheckOutcomeSchema } from './photo-record';

const uuid = z.string().uuid();
const status = z.enum(['pending', 'active', 'inactive']);
const role = z.enum(['employee', 'admin']);

/** Who made the change: an employee id, or `system` for background work. */
const actorId = z.string().min(1).max(64);

const envelope = {
  eventId: uuid,
  employeeId: uuid,
  occurredAt: z.string().datetime(),
  actorId,
};

/**
 * Version 2 dropped the profile's values (number, name, work email, job title, department) that version 1
 * carried; migration 012 rewrote the stored version 1 events, so only version 2 exists.
 */
export const employeeCreatedEvent = z.object({
  ...envelope,
  type: z.literal('employee.created'),
  version: z.literal(2),
  /**
   * How the profile came in: self-registration, an admin, the CSV import, the local demo seed or the company's
   * identity provider (SCIM provisioning).
   */
  source: z.enum(['join', 'admin', 'import', 'seed', 'scim']),
  /** The profile's status and role as created: a subscriber reads everything else from the employees table. */
  employee: z.object({ status, role }),
  /** The uploaded photo, still being processed; a `employee.photo-ready` or `-failed` event follows. */
  photoId: uuid.nullable(),
});

export const employeeUpdatedEvent = z.object({
  ...envelope,
  type: z.literal('employee.updated'),
  version: z.literal(1),
  /** Names of the profile fields (or profile extras) that changed; never their values. */
  changedFields: z.array(z.string().min(1).max(64)).min(1),
});

export const STATUS_CHANGES = ['activated', 'rejected', 'deactivated', 'reactivated'] as const;

export type StatusChange = (typeof STATUS_CHANGES)[number];

/**
 * Version 2 dropped `reason` (what HR wrote, free text about the person): it is on the employee row
 * (`status_reason`), where the personal notice reads it. Migration 012 rewrote the stored version 1 events.
 */
export const employeeStatusChangedEvent = z.object({
  ...envelope,
  type: z.literal('employee.status-changed'),
  version: z.literal(2),
  change: z.enum(STATUS_CHANGES),
  from: status,
  to: status,
});

export const employeeRoleChangedEvent = z.object({
  ...envelope,
  type: z.literal('employee.role-changed'),
  version: z.literal(1),
  from: role,
  to: role,
});

export const employeePhotoUploadedEvent = z.object({
  ...envelope,
  type: z.literal('employee.photo-uploaded'),
  version: z.literal(1),
  photoId: uuid,
});

export const employeePhotoReadyEvent = z.object({
  ...envelope,
  type: z.literal('employee.photo-ready'),
  version: z.literal(1),
  photoId: uuid,
  /** The photo it replaced on the profile, if any (its objects are being removed). */
  replacedPhotoId: uuid.nullable(),
  /** The face check's outcome: verified, approved (by HR), not-checked (demo seed). Absent before the check. */
  faceCheck: FaceCheckOutcomeSchema.optional(),
});

export const employeePhotoFailedEvent = z.object({
  ...envelope,
  type: z.literal('employee.photo-failed'),
  version: z.literal(1),
  photoId: uuid,
  /**
   * The reason shown to people ("This file is not an image we can read"): one of the photo function's or the
   * face review's fixed messages (the photo record's `failureReason`), never text someone typed.
   */
  reason: z.string().max(500),
  /** `rejected` by the face check, `refused` by HR; absent when the image itself could not be used. */
  faceCheck: FaceCheckOutcomeSchema.optional(),
});

/**
 * The face check held the upload for HR (needs-review, check-failed, or no-consent: decision 206): it stays pending, the current photo
 * with it, until HR decides (then `-ready` or `-failed` follows). Written once per upload by the photo
 * watcher, so the verification workflow hears of the hold as it hears of the other outcomes.
 */
export const employeePhotoHeldEvent = z.object({
  ...envelope,
  type: z.literal('employee.photo-held'),
  version: z.literal(1),
  photoId: uuid,
  faceCheck: FaceCheckOutcomeSchema,
});

/** The notices the verification workflow sends (decision 010); the employee's own ones are emailed to them. */
export const VERIFICATION_NOTICES = ['photo-missing', 'another-photo-needed', 'hr-reminder', 'manager-told'] as const;

/**
 * A step of the verification workflow asks for a notice: the employee is asked for a photo (or another one,
 * with the reason), HR is reminded of a profile waiting for its decision (the topic), or the employee's
 * manager is told it still waits (emailed to the manager, named by id).
 */
export const verificationNoticeEvent = z.object({
  ...envelope,
  type: z.literal('employee.verification-notice'),
  version: z.literal(1),
  notice: z.enum(VERIFICATION_NOTICES),
  /** For `another-photo-needed`: why the photo was refused, shown to the employee (a fixed message, as above). */
  reason: z.string().max(500).nullable(),
  /** For `manager-told`: who is told. */
  managerId: uuid.nullable(),
  /** For `hr-reminder` and `manager-told`: working days the profile has waited for HR. */
  waitingWorkingDays: z.number().int().min(0).max(1000).nullable(),
});

/**
 * The retention sweep will act on the employee on `dueAt` (docs/decisions/321-retention-periods-and-sweep.md):
 * erase an application or a profile kept for its period, or delete a deactivated person's face references. Told
 * to HR once per person and kind, the warning period ahead.
 */
export const retentionDueEvent = z.object({
  ...envelope,
  type: z.literal('employee.retention-due'),
  version: z.literal(1),
  kind: z.enum(['application', 'profile', 'face']),
  action: z.enum(['erase', 'delete-face-references']),
  dueAt: z.string().datetime(),
});

/**
 * HR decided on a change the person asked for to a field HR defines (docs/decisions/323-field-change-approval.md):
 * names the request and the field (`custom.<key>`), never the values nor HR's reason, which the personal notice
 * reads from the request's row. An approval also records `employee.updated` naming the field.
 */
export const fieldChangeDecidedEvent = z.object({
  ...envelope,
  type: z.literal('employee.field-change-decided'),
  version: z.literal(1),
  requestId: uuid,
  field: z.string().min(1).max(64),
  outcome: z.enum(['approved', 'refused']),
});

export const employeeDeletedEvent = z.object({
  ...envelope,
  type: z.literal('employee.deleted'),
  version: z.literal(1),
});

/**
 * Someone asked for a one-time sign-in link for the employee. Not a change to the record, but a personal
 * notice, so it travels the same outbox. Version 2 carries no token: the personal-notices subscriber mints
 * it when it sends the email, so the only copy of the raw token is in that email (decision 308). Migration 012
 * removed the link from the stored version 1 events.
 */
export const passwordResetRequestedEvent = z.object({
  ...envelope,
  type: z.literal('employee.password-reset-requested'),
  version: z.union([z.literal(1), z.literal(2)]),
  /** Version 2: the site origin the link is built on (PUBLIC_URL, or the origin the request came to). */
  baseUrl: z.string().url().optional(),
  expiresAt: z.string().datetime().optional(),
  /**
   * The language of the page the person asked from ("de"), for the email when they have chosen none: a language
   * code, nothing about who they are (docs/decisions/338-emails-in-the-recipient-language.md).
   */
  language: z.string().min(2).max(16).optional(),
});

/**
 * An identity at the company's identity provider was linked to the employee (first sign-in through it, or
 * onboarding through it), or an admin removed such a link (decision 310). Carries the configured provider's id
 * and the issuer, never the subject or the email.
 */
const identityLink = {
  version: z.literal(1),
  linkId: uuid,
  providerId: z.string().min(1).max(32),
  issuer: z.string().url().max(255),
};

export const identityLinkedEvent = z.object({
  ...envelope,
  type: z.literal('employee.identity-linked'),
  ...identityLink,
});

export const identityUnlinkedEvent = z.object({
  ...envelope,
  type: z.literal('employee.identity-unlinked'),
  ...identityLink,
});

/**
 * The outbox stream of events about no one person: the definitions of the fields HR defines. A fixed id no
 * employee has (the nil UUID), so these events keep their order like an employee's and are never erased with one.
 */
export const FIELD_DEFINITIONS_STREAM = '00000000-0000-0000-0000-000000000000';

/** What about a field HR defines changed: its settings by name, `added` for a new field, `position` for a move. */
export const FIELD_DEFINITION_ASPECTS = [
  'added',
  'label',
  'help-text',
  'required',
  'visibility',
  'editable-by',
  'needs-approval',
  'searchable',
  'facet',
  'section',
  'position',
  'retired',
  'options',
] as const;
export type FieldDefinitionAspect = (typeof FIELD_DEFINITION_ASPECTS)[number];

/**
 * HR changed the fields HR defines (/admin/fields): which fields, by key, and what about them, never a label or
 * an option (docs/decisions/324-search-index-holds-everyone-fields.md). Filed under FIELD_DEFINITIONS_STREAM; the
 * readers that depend on the definitions (the search index) follow from it.
 */
export const fieldDefinitionsChangedEvent = z.object({
  ...envelope,
  employeeId: z.literal(FIELD_DEFINITIONS_STREAM),
  type: z.literal('field-definitions.changed'),
  version: z.literal(1),
  keys: z
    .array(z.string().regex(/^[a-z][a-z0-9_]{1,39}$/))
    .min(1)
    .max(100),
  changed: z.array(z.enum(FIELD_DEFINITION_ASPECTS)).min(1),
});

/**
 * The outbox stream of HR's SCIM connection tokens: about no one person, like FIELD_DEFINITIONS_STREAM, and never
 * erased with one (an erased HR admin's id in `actorId` is replaced like everywhere else).
 */
export const SCIM_TOKENS_STREAM = '00000000-0000-0000-0000-000000000001';

/**
 * HR created or revoked a SCIM connection's token (/admin/scim): the token's id only, never its name or its hash
 * (docs/decisions/330-scim-tokens.md).
 */
export const scimTokenChangedEvent = z.object({
  ...envelope,
  employeeId: z.literal(SCIM_TOKENS_STREAM),
  type: z.literal('scim-token.changed'),
  version: z.literal(1),
  tokenId: uuid,
  change: z.enum(['created', 'revoked']),
});

const employeeEventUnion = z.discriminatedUnion('type', [
  employeeCreatedEvent,
  employeeUpdatedEvent,
  employeeStatusChangedEvent,
  employeeRoleChangedEvent,
  employeePhotoUploadedEvent,
  employeePhotoReadyEvent,
  employeePhotoFailedEvent,
  employeePhotoHeldEvent,
  verificationNoticeEvent,
  retentionDueEvent,
  fieldChangeDecidedEvent,
  employeeDeletedEvent,
  passwordResetRequestedEvent,
  identityLinkedEvent,
  identityUnlinkedEvent,
  fieldDefinitionsChangedEvent,
  scimTokenChangedEvent,
]);

/**
 * During a rolling update an instance of the release before version 2 may still write version 1 of
 * `employee.created` or `employee.status-changed` (migration 012 rewrote only the rows stored before it ran):
 * they are read as version 2, without the values version 2 dropped, so subscribers never see them.
 */
function readVersion1AsVersion2(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const event = value as Record<string, unknown>;
  if (event.version !== 1) return value;
  if (event.type === 'employee.created') {
    const employee = (event.employee ?? {}) as Record<string, unknown>;
    return { ...event, version: 2, employee: { status: employee.status, role: employee.role } };
  }
  if (event.type === 'employee.status-changed') {
    const { reason: _reason, ...rest } = event;
    return { ...rest, version: 2 };
  }
  return value;
}

export const employeeEventSchema = z.preprocess(readVersion1AsVersion2, employeeEventUnion);

export type EmployeeEvent = z.infer<typeof employeeEventUnion>;
export type EmployeeEventType = EmployeeEvent['type'];
export type EmployeeEventOf<T extends EmployeeEventType> = Extract<EmployeeEvent, { type: T }>;

export const EMPLOYEE_EVENT_TYPES = employeeEventUnion.options.map(
  (option) => option.shape.type.value,
) as EmployeeEventType[];

/** What a writer supplies; the outbox adds the id and the time. */
export type NewEmployeeEvent = EmployeeEvent extends infer E
  ? E extends EmployeeEvent
    ? Omit<E, 'eventId' | 'occurredAt'>
    : never
  : never;
