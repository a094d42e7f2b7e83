/**
 * Listing Users (RFC 7644 §3.4.2): `filter` translated into SQL over the employees table through the mapping's
 * columns (SCIM_USER_COLUMNS), 1-based `startIndex`/`count` paging with `totalResults`, `sortBy`/`sortOrder`, and
 * `attributes`/`excludedAttributes`. The same for GET /Users and POST /Users/.search.
 */
import { z } from 'zod';
import { listScimUserIds } from '~/models/scim-users.server';
import type { Platform } from '~/platform.server';
import { ScimError } from './scim-error';
import { scimUserWhere } from './scim-user-filter.server';
import { SCIM_USER_COLUMNS } from './scim-user-mapping.server';
import { readScimUsers } from './scim-users.server';
import { projectUser } from './scim-user-projection.server';
import { LIST_RESPONSE_SCHEMA } from './user-schema';

/** The most Users one page holds, whatever `count` asks (RFC 7644 §3.4.2.4 lets the provider cap it). */
export const MAX_PAGE_SIZE = 200;

const attributeList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) =>
    (Array.isArray(value) ? value : (value ?? '').split(','))
      .map((item) => item.trim())
      .filter(Boolean),
  );

const integer = (name: string) =>
  z
    .union([z.number(), z.string().trim().regex(/^-?\d+$/, `${name}: must be a whole number`)])
    .optional()
    .transform((value) => (value === undefined ? undefined : Number(value)));

export const listParamsSchema = z.object({
  filter: z.string().max(4000, 'filter: at most 4000 characters').optional(),
  startIndex: integer('startIndex'),
  count: integer('count'),
  sortBy: z.string().max(200).optional(),
  sortOrder: z.enum(['ascending', 'descending'], { message: 'sortOrder: ascending or descending' }).optional(),
  attributes: attributeList,
  excludedAttributes: attributeList,
});

export type ListParams = z.output<typeof listParamsSchema>;

export function parseListParams(raw: unknown): ListParams {
  const parsed = listParamsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.join('.');
  throw new ScimError(
    400,
    'invalidValue',
    issue.message.startsWith(`${path}:`) ? issue.message : `${path}: ${issue.message}`,
  );
}

/** The column `sortBy` names (attribute names are case-insensitive, RFC 7643 §2.1). */
function sortColumnOf(sortBy: string | undefined): string {
  if (!sortBy) return 'created_at';
  const wanted = sortBy.toLowerCase();
  const found = Object.entries(SCIM_USER_COLUMNS).find(([path]) => path.toLowerCase() === wanted);
  if (!found) throw new ScimError(400, 'invalidValue', `sortBy: “${sortBy}” is not an attribute Users sort by`);
  return found[1];
}

export async function listScimUsers(platform: Platform, params: ListParams) {
  const startIndex = Math.max(1, params.startIndex ?? 1);
  const count = Math.min(MAX_PAGE_SIZE, Math.max(0, params.count ?? MAX_PAGE_SIZE));
  const where = params.filter ? scimUserWhere(params.filter) : { where: '', replacements: {} };
  const { ids, totalResults } = await listScimUserIds(platform.db, {
    ...where,
    orderBy: { column: sortColumnOf(params.sortBy), descending: params.sortOrder === 'descending' },
    offset: startIndex - 1,
    limit: count,
  });
  const users = await readScimUsers(platform, ids);
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults,
    startIndex,
    itemsPerPage: users.length,
    Resources: users.map((user) => projectUser(user, params)),
  };
}
