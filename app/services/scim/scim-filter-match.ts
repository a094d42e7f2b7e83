/**
 * A value filter (`emails[type eq "work"]`) checked against the elements of a multi-valued attribute in memory,
 * by PATCH (app/services/scim/scim-patch.ts). The rules are the SQL translation's
 * (app/services/scim/scim-filter-sql.server.ts): case-insensitive unless the sub-attribute is caseExact, dates
 * compared as instants, `pr` meaning "has a non-empty value".
 *
 * Use: `matchesScimElement(filter, element, attribute.subAttributes ?? [])`; throws ScimError 400 invalidFilter
 * for a sub-attribute the definition lacks.
 */
import { ScimError } from './scim-error';
import { compareScimValues, type ScimFilter, type ScimFilterValue } from './scim-filter';
import { findByName } from './scim-resource';
import type { ScimAttributeDefinition } from './user-schema';

export function matchesScimElement(
  filter: ScimFilter,
  element: unknown,
  subAttributes: readonly ScimAttributeDefinition[],
): boolean {
  switch (filter.op) {
    case 'and':
      return (
        matchesScimElement(filter.left, element, subAttributes) &&
        matchesScimElement(filter.right, element, subAttributes)
      );
    case 'or':
      return (
        matchesScimElement(filter.left, element, subAttributes) ||
        matchesScimElement(filter.right, element, subAttributes)
      );
    case 'not':
      return !matchesScimElement(filter.filter, element, subAttributes);
    case 'valuePath':
      throw new ScimError(400, 'invalidFilter', 'A value filter cannot contain another one.');
    default: {
      const definition = findByName(subAttributes, filter.path.attribute);
      if (!definition) {
        throw new ScimError(400, 'invalidFilter', `Unknown sub-attribute "${filter.path.attribute}" in the filter.`);
      }
      const actual = readCaseInsensitive(element, definition.name);
      if (filter.op === 'pr') return isAssigned(actual);
      return compare(filter.op, actual, filter.value, definition);
    }
  }
}

/** A property of a JSON object whatever the case of its name (SCIM attribute names are case-insensitive). */
export function readCaseInsensitive(object: unknown, name: string): unknown {
  if (!object || typeof object !== 'object' || Array.isArray(object)) return undefined;
  const wanted = name.toLowerCase();
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === wanted);
  return key === undefined ? undefined : (object as Record<string, unknown>)[key];
}

/** Whether an attribute has a value: not missing, null, "" or an empty list (RFC 7643 §2.5 "unassigned"). */
export function isAssigned(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.values(value).some(isAssigned);
  return true;
}

function compare(
  op: Exclude<ScimFilter['op'], 'and' | 'or' | 'not' | 'valuePath' | 'pr'>,
  actual: unknown,
  expected: ScimFilterValue,
  definition: ScimAttributeDefinition,
): boolean {
  if (expected === null) {
    if (op === 'eq') return !isAssigned(actual);
    if (op === 'ne') return isAssigned(actual);
    throw new ScimError(400, 'invalidFilter', `"${definition.name} ${op} null": only eq and ne compare with null.`);
  }
  if (op === 'ne') return !compare('eq', actual, expected, definition);
  if (!isAssigned(actual)) return false;
  if (definition.type === 'boolean') {
    if (op !== 'eq' || typeof expected !== 'boolean') {
      throw new ScimError(400, 'invalidFilter', `${definition.name} is a boolean: compare it with eq true or false.`);
    }
    // Entra ID writes booleans as "True"/"False"; an element it sent may still hold one.
    return String(actual).toLowerCase() === String(expected);
  }
  let left: string | number = typeof actual === 'number' ? actual : String(actual);
  let right: string | number = typeof expected === 'number' ? expected : String(expected);
  if (definition.type === 'dateTime') {
    left = Date.parse(String(left));
    right = Date.parse(String(right));
    if (Number.isNaN(right)) {
      throw new ScimError(400, 'invalidFilter', `${definition.name} is a date: give one as "2026-12-07T16:45:00Z".`);
    }
  } else if (typeof left === 'string' && typeof right === 'string' && !definition.caseExact) {
    left = left.toLowerCase();
    right = right.toLowerCase();
  }
  return compareScimValues(op, left, right);
}
