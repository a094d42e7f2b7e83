/**
 * Every migration, in order. Listed statically (not globbed) so that they travel inside the server bundle.
 * Append only: never edit or reorder a migration that has shipped.
 */
import type { Migration } from './migration.server';
import { initialSchema } from './001-initial-schema.server';
import { authSchema } from './002-auth.server';
import { eventOutboxSchema } from './003-event-outbox.server';
import { skillsColumn } from './004-skills.server';
import { linkedIdentitiesSchema } from './005-linked-identities.server';
import { verificationWorkflowSchema } from './006-verification-workflow.server';
import { employeeNumberCounter } from './007-employee-number-counter.server';
import { joinRequestsSchema } from './008-join-requests.server';
import { faceCheckConsentsSchema } from './009-face-check-consents.server';
import { privateDetailViewsSchema } from './010-private-detail-views.server';
import { erasuresSchema } from './011-erasures.server';
import { eventsCarryIdsOnly } from './012-events-carry-ids-only.server';
import { retentionSchema } from './013-retention.server';
import { customFieldsSchema } from './014-custom-fields.server';
import { fieldChangeApprovalSchema } from './015-field-change-approval.server';
import { orgHistorySchema } from './016-org-history.server';
import { scimTokensSchema } from './017-scim-tokens.server';
import { scimUsersSchema } from './018-scim-users.server';
import { webhooksSchema } from './019-webhooks.server';
import { preferredLanguageColumn } from './020-preferred-language.server';
import { nameOrderColumnsMigration } from './021-name-order.server';

export const migrations: Migration[] = [
  initialSchema,
  authSchema,
  eventOutboxSchema,
  skillsColumn,
  linkedIdentitiesSchema,
  verificationWorkflowSchema,
  employeeNumberCounter,
  joinRequestsSchema,
  faceCheckConsentsSchema,
  privateDetailViewsSchema,
  erasuresSchema,
  eventsCarryIdsOnly,
  retentionSchema,
  customFieldsSchema,
  fieldChangeApprovalSchema,
  orgHistorySchema,
  scimTokensSchema,
  scimUsersSchema,
  webhooksSchema,
  preferredLanguageColumn,
  nameOrderColumnsMigration,
];
