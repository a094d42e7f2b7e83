/**
 * Listing Users (RFC 7644 §3.4.2): `filter` translated into SQL over the employees table through the mapping's
 * columns (SCIM_USER_COLUMNS), 1-based `startIndex`/`count` paging with `totalResults`, `sortBy`/`sortOrder`, and
 * `attributes`/`excludedAttributes`. The same for GET /Users and POST /Users/.search.
 */
import { z } from 'zod';
import { listScimUserIds } from '~/models/scim-users.server';
import type { Platform } from '~/platform.server';
import { ScimError } from './scim-error';
import { scimUserOrder, scimUserWhere } from './scim-user-filter.server';
import { readScimUsers } from './scim-users.server';
import { userSchemas } from './user-schemas.server';
import { projectUser } from './scim-user-projection.server';
import { LIST_RESPONSE_SCHEMA } from './user-schema';

/** The most Users one page holds, whatever `count` asks (RFC 7644 §3.4.2.4 lets the provider cap it). */
export const MAX_PAGE_SIZE = 200;

const attributeList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) =>
    (Array.isArray(value) ? value : (value ?? '').split(',')).map((item) => item.trim()).filter(Boolean),
  );

const integer = (name: string) =>
  z
    .union([
      z.number(),
      z
        .string()
        .trim()
        .regex(/^-?\d+$/, `${name}: must be a whole number`),
    ])
    .optional()
    .transform((value) => (value === undefined ? undefined : Number(value)));

export const listParamsSchema = z.object({
  filter: z.string().max(4000, 'filter: at most 4000 characters').optional(),
  startIndex: integer('startIndex'),
  count: integer('count'),
  sortBy: z.string().max(200).optional(),
  sortOrder: z.string().max(20).optional(),
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

export async function listScimUsers(platform: Platform, params: ListParams) {
  const startIndex = Math.max(1, params.startIndex ?? 1);
  const count = Math.min(MAX_PAGE_SIZE, Math.max(0, params.count ?? MAX_PAGE_SIZE));
  const where = params.filter ? scimUserWhere(platform.db, params.filter) : { sql: '', replacements: {} };
  const { ids, totalResults } = await listScimUserIds(platform.db, {
    where: where.sql,
    replacements: where.replacements,
    orderBy: scimUserOrder(platform.db, params.sortBy, params.sortOrder),
    offset: startIndex - 1,
    limit: count,
  });
  const users = await readScimUsers(platform, ids);
  const schemas = userSchemas(platform.customFields);
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults,
    startIndex,
    itemsPerPage: users.length,
    Resources: users.map((user) => projectUser(user, params, schemas)),
  };
}
