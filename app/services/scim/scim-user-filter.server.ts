/**
 * Where each filterable User attribute is in the employees table, for the filter and sortBy translator
 * (app/services/scim/scim-filter-sql.server.ts): the mapped fields' columns come from the mapping's entries
 * (app/services/scim/scim-user-mapping.server.ts), the rest (id, externalId, active, the manager, meta) are named
 * here. Only this map ever puts SQL text into a listing's query; the request's values are replacements.
 */
import type { Database } from '~/db/database.server';
import { parseScimFilter } from './scim-filter';
import {
  scimFilterColumns,
  scimFilterToSql,
  scimSortToSql,
  type ScimFilterColumns,
  type ScimSqlDialect,
  type ScimSqlFragment,
} from './scim-filter-sql.server';
import { SCIM_USER_ATTRIBUTES } from './scim-user-mapping.server';
import { CORE_USER_SCHEMA_DEFINITION, ENTERPRISE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA_DEFINITION } from './user-schema';

const USER_SCHEMAS = [CORE_USER_SCHEMA_DEFINITION, ENTERPRISE_USER_SCHEMA_DEFINITION];

/** The mapped attributes that sit in a column of their own (the multi-valued ones are described below). */
const SINGLE_COLUMNS = Object.fromEntries(
  SCIM_USER_ATTRIBUTES.filter((attribute) => !attribute.path.includes('[')).map((attribute) => [
    attribute.path,
    attribute.sqlColumn,
  ]),
);

const columnOf = (path: string) => SCIM_USER_ATTRIBUTES.find((attribute) => attribute.path.startsWith(path))!.sqlColumn;

/** The work entry this product keeps of a multi-valued attribute: always typed "work" and primary. */
const workElement = (part: string, column: string) => ({
  elements: [{ [part]: column, type: { constant: 'work' }, primary: { constant: true } }],
});

function buildColumns(dialect: ScimSqlDialect): ScimFilterColumns {
  const displayName =
    dialect === 'mysql'
      ? "CONCAT(COALESCE(preferred_name, first_name), ' ', last_name)"
      : "(COALESCE(preferred_name, first_name) || ' ' || last_name)";
  return scimFilterColumns(USER_SCHEMAS, {
    ...SINGLE_COLUMNS,
    id: { sql: 'id', type: 'string', caseExact: true },
    externalId: 'external_id',
    displayName,
    // A pending person is not deactivated: active, as the representation says.
    active: "(CASE WHEN status = 'inactive' THEN 0 ELSE 1 END)",
    emails: workElement('value', columnOf('userName')),
    phoneNumbers: workElement('value', columnOf('phoneNumbers')),
    addresses: workElement('locality', columnOf('addresses')),
    [`${ENTERPRISE_USER_SCHEMA}:manager.value`]: 'manager_id',
    'meta.created': { sql: 'created_at', type: 'dateTime', caseExact: false },
    'meta.lastModified': { sql: 'updated_at', type: 'dateTime', caseExact: false },
  });
}

const COLUMNS: Record<ScimSqlDialect, ScimFilterColumns> = {
  sqlite: buildColumns('sqlite'),
  mysql: buildColumns('mysql'),
};

export function scimDialectOf(db: Database): ScimSqlDialect {
  return db.sequelize.getDialect() === 'sqlite' ? 'sqlite' : 'mysql';
}

/** The filter as a WHERE fragment over the employees table; a bad filter is a 400 `invalidFilter`. */
export function scimUserWhere(db: Database, filter: string): ScimSqlFragment {
  const dialect = scimDialectOf(db);
  return scimFilterToSql(parseScimFilter(filter), COLUMNS[dialect], dialect);
}

/** sortBy/sortOrder as an ORDER BY list, or null for the default order. */
export function scimUserOrder(db: Database, sortBy: string | undefined, sortOrder: string | undefined): string | null {
  const dialect = scimDialectOf(db);
  return scimSortToSql(sortBy, sortOrder, COLUMNS[dialect], dialect);
}
