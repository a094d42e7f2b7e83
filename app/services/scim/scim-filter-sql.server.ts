/**
 * A parsed SCIM filter (app/services/scim/scim-filter.ts) as a SQL WHERE fragment, and `sortBy` as an ORDER BY
 * expression, for SQLite and MariaDB alike.
 *
 * Use:
 *   const columns = scimFilterColumns(USER_SCHEMAS, {
 *     username: 'e.work_email',                                   // type and caseExact from the schema
 *     'name.givenname': 'e.first_name',
 *     'meta.lastmodified': { sql: 'e.updated_at', type: 'dateTime', caseExact: false }, // not in a schema
 *     emails: { elements: [{ value: 'e.work_email', type: { constant: 'work' }, primary: { constant: true } }] },
 *     [`${ENTERPRISE_USER_SCHEMA}:department`.toLowerCase()]: 'd.name',
 *   });
 *   const where = scimFilterToSql(parseScimFilter(text), columns, db.dialect);
 *   db.sequelize.query(`SELECT … WHERE ${where.sql} ORDER BY ${scimSortToSql(sortBy, sortOrder, columns, db.dialect) ?? 'e.id'}`,
 *     { replacements: { ...where.replacements, … }, type: QueryTypes.SELECT });
 *
 * Values only ever travel as named replacements; the SQL text is built from the caller's column map alone.
 * Semantics (RFC 7644 §3.4.2.2): a caseExact=false attribute compares lower-cased on both sides, and on MariaDB
 * as bytes (CAST … AS BINARY) so that neither a `_ci` collation (caseExact attributes) nor its accent and
 * trailing-space folding change the answer; co/sw/ew use LIKE with `!` escaping `%`, `_` and `!` (GLOB for a
 * caseExact attribute on SQLite, whose LIKE ignores ASCII case); `pr` is "not null and, for a string, not
 * empty"; every comparison is false, never NULL, on a missing value, so `not (…)` and `ne` include people
 * without the attribute. Known gap: SQLite's LOWER() folds ASCII only, so "Å" and "å" differ there (MariaDB
 * folds them); see docs/decisions/331-scim-filters-and-patch.md.
 */
import type { DatabaseDialect } from '~/db/connection.server';
import { ScimError } from './scim-error';
import {
  parseScimAttributePath,
  scimAttributeKey,
  type ScimAttributePath,
  type ScimCompareOperator,
  compareScimValues,
  type ScimFilter,
  type ScimFilterValue,
} from './scim-filter';
import { findScimAttribute } from './scim-resource';
import type { ScimAttributeType, ScimSchemaDefinition } from './user-schema';

/** The database's dialect, as `db.dialect` gives it ('mysql' is MariaDB or MySQL). */
export type ScimSqlDialect = DatabaseDialect;
export type ScimScalarType = Exclude<ScimAttributeType, 'complex'>;

/** An attribute stored in a column: the SQL expression that reads it, its type and case rule. */
export interface ScimColumn {
  sql: string;
  type: ScimScalarType;
  caseExact: boolean;
}

/** A sub-attribute whose value is the same for every row (the work email's `type` is always "work"). */
export interface ScimConstant {
  constant: string | boolean | null;
  type: ScimScalarType;
  caseExact: boolean;
}

/**
 * A multi-valued attribute (emails, phoneNumbers): the elements a row can hold, each a map from lower-cased
 * sub-attribute name to its column or constant. `emails[type eq "work"]` matches a row when some element does;
 * `emails.value co "@x"` likewise; a bare `emails` means its elements' `value`.
 */
export interface ScimMultiValuedColumn {
  elements: Array<Record<string, ScimColumn | ScimConstant>>;
}

/**
 * What can be filtered and sorted on: lower-cased attribute path (`username`, `name.givenname`, `emails`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:manager.value`) → where it is.
 */
export type ScimFilterColumns = Record<string, ScimColumn | ScimMultiValuedColumn>;

/** How a caller names a column: the SQL alone (type and caseExact read from the schemas), or all of it. */
export type ScimColumnSource =
  string | ScimColumn | { elements: Array<Record<string, string | { constant: string | boolean | null }>> };

/** A WHERE fragment and the replacements it names. */
export interface ScimSqlFragment {
  sql: string;
  replacements: Record<string, unknown>;
}

/**
 * Builds the column map, reading each attribute's type and caseExact from `schemas`. A key the schemas don't
 * describe (`id`, `meta.lastmodified`) must be given as a full ScimColumn. Throws (a programming error, not a
 * SCIM error) on a key the schemas don't know.
 */
export function scimFilterColumns(
  schemas: readonly ScimSchemaDefinition[],
  sources: Record<string, ScimColumnSource>,
): ScimFilterColumns {
  const columns: ScimFilterColumns = {};
  for (const [key, source] of Object.entries(sources)) {
    const lowerKey = key.toLowerCase();
    if (typeof source === 'object' && 'sql' in source) {
      columns[lowerKey] = source;
      continue;
    }
    const found = findScimAttribute(schemas, parseScimAttributePath(key));
    if (!found) throw new Error(`scimFilterColumns: the schemas have no attribute "${key}"`);
    const definition = found.subAttribute ?? found.attribute;
    if (typeof source === 'string') {
      if (definition.type === 'complex') throw new Error(`scimFilterColumns: "${key}" is complex: map its parts`);
      columns[lowerKey] = { sql: source, type: definition.type, caseExact: definition.caseExact };
      continue;
    }
    columns[lowerKey] = {
      elements: source.elements.map((element) =>
        Object.fromEntries(
          Object.entries(element).map(([name, part]) => {
            const sub = (definition.subAttributes ?? []).find((s) => s.name.toLowerCase() === name.toLowerCase());
            if (!sub || sub.type === 'complex') {
              throw new Error(`scimFilterColumns: "${key}" has no sub-attribute "${name}"`);
            }
            const rule = { type: sub.type, caseExact: sub.caseExact };
            return [name.toLowerCase(), typeof part === 'string' ? { sql: part, ...rule } : { ...part, ...rule }];
          }),
        ),
      ),
    };
  }
  return columns;
}

/**
 * The filter as a WHERE fragment. Throws ScimError 400 invalidFilter for an attribute the map doesn't have, or
 * an operator or value the attribute's type doesn't allow (`active co "x"`, `meta.lastModified gt "soon"`).
 * `prefix` names the replacements (`scimFilter0`, `scimFilter1`…) so they can't clash with the caller's.
 */
export function scimFilterToSql(
  filter: ScimFilter,
  columns: ScimFilterColumns,
  dialect: ScimSqlDialect,
  prefix = 'scimFilter',
): ScimSqlFragment {
  const translator = new FilterTranslator(columns, dialect, prefix);
  const sql = translator.translate(filter, (path) => resolveTopLevel(path, columns));
  return { sql, replacements: translator.replacements };
}

/**
 * `sortBy`/`sortOrder` (RFC 7644 §3.4.2.3) as an ORDER BY list (without the keywords), or null when there is
 * no sortBy. People without a value come last ascending and first descending, as the RFC says. A multi-valued
 * attribute sorts by its first element's value. An attribute the map lacks, or a sortOrder other than
 * "ascending"/"descending", is a 400 invalidValue (the RFC names no scimType for it; invalidFilter would
 * point the operator at the wrong parameter). Append a unique column yourself for a stable order.
 */
export function scimSortToSql(
  sortBy: string | null | undefined,
  sortOrder: string | null | undefined,
  columns: ScimFilterColumns,
  dialect: ScimSqlDialect,
): string | null {
  const order = (sortOrder ?? 'ascending').toLowerCase();
  if (order !== 'ascending' && order !== 'descending') {
    throw new ScimError(400, 'invalidValue', `sortOrder must be "ascending" or "descending", not "${sortOrder}".`);
  }
  if (!sortBy) return null;
  const path = parseScimAttributePath(sortBy, 'invalidValue');
  const column = resolveTopLevel(path, columns).find((part): part is ScimColumn => 'sql' in part);
  if (!column) throw new ScimError(400, 'invalidValue', `sortBy: cannot sort by "${sortBy}".`);
  const direction = order === 'ascending' ? 'ASC' : 'DESC';
  // NULLs sort first in both databases: put them last ascending (and first descending) explicitly.
  return `(${column.sql} IS NULL) ${direction}, ${comparable(column, column.sql, dialect)} ${direction}`;
}

type Resolver = (path: ScimAttributePath) => Array<ScimColumn | ScimConstant>;

/** The column(s) a top-level path names: one column, or one per element of a multi-valued attribute. */
function resolveTopLevel(path: ScimAttributePath, columns: ScimFilterColumns): Array<ScimColumn | ScimConstant> {
  const direct = columns[path.key];
  if (direct && 'sql' in direct) return [direct];
  if (direct && path.subAttribute === null) return elementParts(direct, 'value');
  if (path.subAttribute !== null) {
    const parent = columns[scimAttributeKey(path.schema, path.attribute, null)];
    if (parent && !('sql' in parent)) return elementParts(parent, path.subAttribute.toLowerCase());
  }
  return [];
}

function elementParts(column: ScimMultiValuedColumn, subAttribute: string): Array<ScimColumn | ScimConstant> {
  return column.elements.flatMap((element) => (element[subAttribute] ? [element[subAttribute]!] : []));
}

const SQL_OPERATORS = { eq: '=', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;
const TRUE = '(1=1)';
const FALSE = '(1=0)';

class FilterTranslator {
  readonly replacements: Record<string, unknown> = {};
  private count = 0;

  constructor(
    private readonly columns: ScimFilterColumns,
    private readonly dialect: ScimSqlDialect,
    private readonly prefix: string,
  ) {}

  translate(filter: ScimFilter, resolve: Resolver): string {
    switch (filter.op) {
      case 'and':
      case 'or': {
        const left = this.translate(filter.left, resolve);
        return `(${left} ${filter.op.toUpperCase()} ${this.translate(filter.right, resolve)})`;
      }
      case 'not':
        return `(NOT ${this.translate(filter.filter, resolve)})`;
      case 'valuePath':
        return this.translateValuePath(filter);
      default: {
        const parts = resolve(filter.path);
        if (parts.length === 0) throw unknownAttribute(filter.path);
        const value = filter.op === 'pr' ? undefined : filter.value;
        return anyOf(parts.map((part) => this.compare(filter.op, part, value, filter.path)));
      }
    }
  }

  /** `emails[type eq "work" and value co "@x"]`: some element matches all of it (not one element each part). */
  private translateValuePath(filter: Extract<ScimFilter, { op: 'valuePath' }>): string {
    const target = this.columns[filter.path.key];
    if (target && !('sql' in target)) {
      return anyOf(
        target.elements.map((element) =>
          this.translate(filter.filter, (path) => (element[path.key] ? [element[path.key]!] : [])),
        ),
      );
    }
    // A single-valued complex attribute: name[givenName eq "Ann"] is name.givenName eq "Ann".
    const prefix = `${filter.path.key}.`;
    if (Object.keys(this.columns).some((key) => key.startsWith(prefix))) {
      return this.translate(filter.filter, (path) =>
        resolveTopLevel({ ...filter.path, subAttribute: path.attribute, key: `${prefix}${path.key}` }, this.columns),
      );
    }
    throw unknownAttribute(filter.path);
  }

  private compare(
    op: ScimCompareOperator | 'pr',
    part: ScimColumn | ScimConstant,
    value: ScimFilterValue | undefined,
    path: ScimAttributePath,
  ): string {
    const name = pathText(path);
    if (op === 'pr')
      return 'sql' in part ? this.present(part) : part.constant !== null && part.constant !== '' ? TRUE : FALSE;
    if (value === null) {
      // RFC 7644 leaves "eq null" open; the only reading that makes sense is "has no value".
      if (op === 'eq') return `(NOT ${this.compare('pr', part, undefined, path)})`;
      if (op === 'ne') return this.compare('pr', part, undefined, path);
      throw new ScimError(400, 'invalidFilter', `"${name} ${op} null": only eq and ne compare with null.`);
    }
    const typed = this.checkedValue(op, part.type, value!, name);
    if (op === 'ne') return `(NOT ${this.compare('eq', part, value, path)})`;
    if (!('sql' in part)) return compareConstant(op, part, typed) ? TRUE : FALSE;
    const column = part.sql;
    const isText = part.type === 'string' || part.type === 'reference';
    if (op === 'co' || op === 'sw' || op === 'ew') {
      const text = typed as string;
      // An empty needle is in every value: the same as "has a value" (and sidesteps substr(x, -0) on SQLite).
      if (text === '') return `(${column} IS NOT NULL)`;
      if (part.caseExact && this.dialect === 'sqlite') {
        const pattern = `${op === 'sw' ? '' : '*'}${escapeGlob(text)}${op === 'ew' ? '' : '*'}`;
        return `(${column} IS NOT NULL AND ${column} GLOB ${this.bind(pattern)})`;
      }
      const pattern = `${op === 'sw' ? '' : '%'}${escapeLike(text)}${op === 'ew' ? '' : '%'}`;
      const needle = this.bind(pattern);
      return `(${column} IS NOT NULL AND ${comparable(part, column, this.dialect)} LIKE ${comparable(part, needle, this.dialect)} ESCAPE '!')`;
    }
    const bound = this.bind(typed);
    const right = isText ? comparable(part, bound, this.dialect) : bound;
    return `(${column} IS NOT NULL AND ${comparable(part, column, this.dialect)} ${SQL_OPERATORS[op]} ${right})`;
  }

  private present(column: ScimColumn): string {
    const isText = column.type === 'string' || column.type === 'reference';
    return isText ? `(${column.sql} IS NOT NULL AND ${column.sql} <> '')` : `(${column.sql} IS NOT NULL)`;
  }

  /** The value as the column wants it, or a 400 naming the attribute when the type or operator doesn't fit. */
  private checkedValue(
    op: ScimCompareOperator,
    type: ScimScalarType,
    value: string | number | boolean,
    name: string,
  ): string | number | boolean | Date {
    const refuse = (why: string) =>
      new ScimError(400, 'invalidFilter', `"${name} ${op} ${JSON.stringify(value)}": ${why}.`);
    switch (type) {
      case 'boolean':
        if (op !== 'eq' && op !== 'ne') throw refuse(`${name} is a boolean: compare it with eq or ne`);
        if (typeof value !== 'boolean') throw refuse(`${name} is a boolean: compare it with true or false`);
        return value;
      case 'integer':
      case 'decimal':
        if (op === 'co' || op === 'sw' || op === 'ew')
          throw refuse(`${name} is a number: use eq, ne, gt, ge, lt or le`);
        if (typeof value !== 'number') throw refuse(`${name} is a number`);
        return value;
      case 'dateTime': {
        if (op === 'co' || op === 'sw' || op === 'ew') throw refuse(`${name} is a date: use eq, ne, gt, ge, lt or le`);
        const date = typeof value === 'string' && ISO_DATE_TIME.test(value) ? new Date(value) : null;
        if (!date || Number.isNaN(date.getTime())) {
          throw refuse(`${name} is a date: give one as "2026-12-07T16:45:00Z"`);
        }
        return date;
      }
      default:
        if (typeof value !== 'string') throw refuse(`${name} is a string: quote the value`);
        return value;
    }
  }

  private bind(value: unknown): string {
    const name = `${this.prefix}${this.count++}`;
    this.replacements[name] = value;
    return `:${name}`;
  }
}

/** RFC 3339 (xsd:dateTime) as SCIM writes it; a date alone is taken as midnight UTC. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?$/;

function compareConstant(
  op: ScimCompareOperator,
  constant: ScimConstant,
  value: string | number | boolean | Date,
): boolean {
  if (constant.constant === null) return false;
  const fold = (x: unknown) => (typeof x === 'string' && !constant.caseExact ? x.toLowerCase() : x);
  const left = fold(constant.constant) as string | boolean;
  const right = fold(value) as string | boolean;
  return op === 'ne' ? false : compareScimValues(op, left, right);
}

function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (char) => `!${char}`);
}

/** GLOB has no escape character: a metacharacter is matched literally inside brackets. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[]/g, (char) => `[${char}]`);
}

function unknownAttribute(path: ScimAttributePath): ScimError {
  return new ScimError(400, 'invalidFilter', `Unknown attribute "${pathText(path)}": it cannot be filtered on.`);
}

function anyOf(conditions: string[]): string {
  return conditions.length === 1 ? conditions[0]! : `(${conditions.join(' OR ')})`;
}

function pathText(path: ScimAttributePath): string {
  const name = path.subAttribute === null ? path.attribute : `${path.attribute}.${path.subAttribute}`;
  return path.schema === null ? name : `${path.schema}:${name}`;
}

/** The expression that compares and sorts as the attribute's case rule says. */
function comparable(column: ScimColumn, sql: string, dialect: ScimSqlDialect): string {
  const isText = column.type === 'string' || column.type === 'reference';
  if (!isText) return sql;
  const folded = column.caseExact ? sql : `LOWER(${sql})`;
  return dialect === 'mysql' ? `CAST(${folded} AS BINARY)` : folded;
}
