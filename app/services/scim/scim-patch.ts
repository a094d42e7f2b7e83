/**
 * SCIM PATCH (RFC 7644 §3.5.2) applied to a resource's JSON.
 *
 * Use: `const next = applyScimPatch(current, await request.json(), USER_SCHEMAS)`, then validate and store `next`
 * as a PUT would. The input is never changed, and nothing is half-applied: an operation that fails throws and
 * the caller keeps `current`. Errors are ScimError 400 with the RFC's scimType (invalidSyntax, invalidPath,
 * invalidFilter, invalidValue, noTarget, mutability) and a detail that starts with the operation
 * (`Operations[1] (replace emails[type eq "work"].value): …`).
 *
 * Accepted beyond the letter of the RFC, because Entra ID and Okta send them (docs/decisions/331-scim-filters-and-patch.md):
 * `op` in any case ("Replace"); booleans as the strings "True"/"False" in any case (and numbers as numeric
 * strings) where the schema says boolean (or number); a path-less add/replace whose value's keys are paths
 * (`"name.givenName"`, `"urn:…:enterprise:2.0:User:department"`, `"emails[type eq \"work\"].value"`); a complex
 * attribute with a `value` sub-attribute given as a bare string (Entra's manager: `"value": "<id>"`); an add
 * through a value filter that matches nothing creates the element the filter describes (Entra's first work
 * email or phone). Stricter than the scim-patch library: a replace whose filter matches nothing is 400 noTarget,
 * not a new element. Writing `id`, `meta`, `schemas` or changing a set immutable attribute is 400 mutability
 * unless the value is the one it already has (a client echoing `id` back is harmless); removing a required one
 * (userName) is 400 mutability, as RFC 7644 §3.5.2 says.
 *
 * Ignored, not refused, and listed by `applyScimPatchDetailed`: attributes RFC 7643 defines that the schemas do
 * not hold (`preferredLanguage`, `addresses`, `name.middleName`, the enterprise `costCenter`: Entra ID's default
 * mappings send some), and readOnly sub-attributes the representation derives (`name.formatted`, `manager.$ref`,
 * `manager.displayName`), see app/services/scim/scim-unstored-attributes.ts. A name the RFC does not define is
 * 400 invalidPath.
 */
import { z } from 'zod';
import { ScimError } from './scim-error';
import { parseScimPath, type ScimFilter, type ScimPatchPath } from './scim-filter';
import { isAssigned, matchesScimElement, readCaseInsensitive } from './scim-filter-match';
import { findByName, findSchema, isCoreSchema, type ScimResourceJson } from './scim-resource';
import { ignoredLabel, noteOnce, rfcAttributeName, rfcSubAttributeName } from './scim-unstored-attributes';
import { PATCH_OP_SCHEMA, type ScimAttributeDefinition, type ScimSchemaDefinition } from './user-schema';

/** Most operations in one request: far above what a provider batches, low enough to bound the work. */
export const MAX_SCIM_PATCH_OPERATIONS = 100;

type PatchOp = 'add' | 'replace' | 'remove';

const operationSchema = z.object({
  op: z
    .string({ required_error: 'is missing', invalid_type_error: 'must be a string' })
    .transform((op) => op.toLowerCase())
    .pipe(z.enum(['add', 'replace', 'remove'], { message: 'must be "add", "replace" or "remove"' })),
  path: z.string({ invalid_type_error: 'must be a string' }).optional(),
  value: z.unknown().optional(),
});

const patchBodySchema = z.object({
  schemas: z
    .array(z.string({ invalid_type_error: 'must list strings' }), {
      required_error: `is missing: it must list "${PATCH_OP_SCHEMA}"`,
      invalid_type_error: 'must be a list',
    })
    .refine((schemas) => schemas.some((schema) => schema.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase()), {
      message: `must list "${PATCH_OP_SCHEMA}"`,
    }),
  Operations: z
    .array(operationSchema, {
      required_error: 'is missing: it lists the operations',
      invalid_type_error: 'must be a list',
    })
    .min(1, 'must list at least one operation')
    .max(MAX_SCIM_PATCH_OPERATIONS, `may list at most ${MAX_SCIM_PATCH_OPERATIONS} operations`),
});

export type ScimPatchOperation = z.infer<typeof operationSchema>;

/** Reads a PatchOp body; throws ScimError 400 invalidSyntax naming the field (`Operations[2].op must be …`). */
export function parseScimPatchBody(body: unknown): ScimPatchOperation[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ScimError(400, 'invalidSyntax', 'The body must be a JSON object with "schemas" and "Operations".');
  }
  const parsed = patchBodySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('');
    throw new ScimError(400, 'invalidSyntax', `${field.replace(/^\./, '')} ${issue.message}.`);
  }
  return parsed.data.Operations;
}

/** The resource after the PatchOp `body`'s operations, in order; `resource` is left as it was. */
export function applyScimPatch(
  resource: ScimResourceJson,
  body: unknown,
  schemas: readonly ScimSchemaDefinition[],
): ScimResourceJson {
  return applyScimPatchDetailed(resource, body, schemas).resource;
}

export interface ScimPatchResult {
  resource: ScimResourceJson;
  /** The attributes the operations named but that were ignored (`preferredLanguage`, `name.formatted`), for the log. */
  ignored: string[];
}

/** As applyScimPatch, and which attributes were ignored: names only, never values, so they may be logged. */
export function applyScimPatchDetailed(
  resource: ScimResourceJson,
  body: unknown,
  schemas: readonly ScimSchemaDefinition[],
): ScimPatchResult {
  const operations = parseScimPatchBody(body);
  const next = structuredClone(resource);
  const patcher = new Patcher(next, resource, schemas);
  operations.forEach((operation, index) => {
    try {
      patcher.apply(operation);
    } catch (error) {
      if (!(error instanceof ScimError)) throw error;
      const target = operation.path === undefined ? '' : ` ${operation.path}`;
      throw new ScimError(
        error.status,
        error.scimType,
        `Operations[${index}] (${operation.op}${target}): ${error.detail}`,
      );
    }
  });
  patcher.forgetStaleServerValues();
  return { resource: next, ignored: patcher.ignored };
}

/** Where an operation writes: an attribute of a schema, perhaps one sub-attribute, perhaps some elements. */
interface Target {
  schema: ScimSchemaDefinition;
  attribute: ScimAttributeDefinition;
  subAttribute: ScimAttributeDefinition | null;
  filter: ScimFilter | null;
  /** How the attribute is named in messages. */
  label: string;
}

/** id, meta and schemas: every resource's, described in no schema, and never the client's to change. */
const COMMON_READ_ONLY = ['id', 'meta', 'schemas'];

class Patcher {
  readonly ignored: string[] = [];

  constructor(
    private readonly resource: ScimResourceJson,
    /** The resource before the PATCH: what readOnly and immutable values are checked against. */
    private readonly original: ScimResourceJson,
    private readonly schemas: readonly ScimSchemaDefinition[],
  ) {}

  /**
   * A complex value whose writable parts changed loses its readOnly parts (name.formatted, manager.$ref and
   * displayName): they describe the old value, and the representation computes them afresh. Done once at the
   * end, so an operation that writes one back unchanged passes whatever its place in the request.
   */
  forgetStaleServerValues(): void {
    for (const schema of this.schemas) {
      for (const attribute of schema.attributes) {
        const readOnly = (attribute.subAttributes ?? []).filter((sub) => sub.mutability === 'readOnly');
        if (attribute.multiValued || readOnly.length === 0) continue;
        const container = this.container(schema, false);
        const value = readCaseInsensitive(container, attribute.name);
        if (!isPlainObject(value)) continue;
        const before = readCaseInsensitive(this.originalContainer(schema), attribute.name);
        const writable = (attribute.subAttributes ?? []).filter((sub) => sub.mutability !== 'readOnly');
        const changed = writable.some(
          (sub) => !sameValue(readCaseInsensitive(before, sub.name), readCaseInsensitive(value, sub.name), sub),
        );
        if (changed) for (const sub of readOnly) setCaseInsensitive(value, sub.name, undefined);
      }
    }
  }

  apply(operation: ScimPatchOperation): void {
    const { op, path, value } = operation;
    if (path === undefined || path.trim() === '') {
      if (op === 'remove') throw new ScimError(400, 'noTarget', 'A remove needs a "path".');
      this.applyWithoutPath(op, value, null);
      return;
    }
    const wholeSchema = this.schemas.find((schema) => schema.id.toLowerCase() === path.trim().toLowerCase());
    if (wholeSchema && !isCoreSchema(wholeSchema.id)) {
      if (op === 'remove') {
        for (const attribute of wholeSchema.attributes)
          this.write('remove', this.target(wholeSchema, attribute), undefined);
      } else {
        this.applyWithoutPath(op, value, wholeSchema);
      }
      return;
    }
    this.applyToPath(op, parseScimPath(path), value, path);
  }

  /**
   * A path-less add or replace: each key of the object is a path (plain, dotted, URN-qualified or filtered, as
   * Entra ID sends them) or an extension's URN holding that extension's attributes.
   */
  private applyWithoutPath(op: 'add' | 'replace', value: unknown, within: ScimSchemaDefinition | null): void {
    if (!isPlainObject(value)) {
      throw new ScimError(400, 'invalidValue', 'Without a "path", "value" must be an object of attributes.');
    }
    for (const [key, item] of Object.entries(value)) {
      if (within === null && key.toLowerCase() === 'schemas') continue; // Sent by some clients beside the attributes; schemas follow the attributes.
      const extension =
        within === null ? this.schemas.find((schema) => schema.id.toLowerCase() === key.toLowerCase()) : undefined;
      if (extension && !isCoreSchema(extension.id)) {
        this.applyWithoutPath(op, item, extension);
        continue;
      }
      const pathText = within === null ? key : `${within.id}:${key}`;
      this.applyToPath(op, parseScimPath(pathText), item, key);
    }
  }

  private applyToPath(op: PatchOp, path: ScimPatchPath, value: unknown, text: string): void {
    const { schema: urn, attribute: name, subAttribute: dotted } = path.path;
    if (urn === null && COMMON_READ_ONLY.includes(name.toLowerCase())) {
      this.writeCommonReadOnly(op, name, dotted, value);
      return;
    }
    const schema = findSchema(this.schemas, urn);
    if (!schema) throw new ScimError(400, 'invalidPath', `Unknown schema "${urn}" in "${text}".`);
    const attribute = findByName(schema.attributes, name);
    if (!attribute) {
      const rfcName = rfcAttributeName(schema.id, name);
      if (rfcName === undefined) throw new ScimError(400, 'invalidPath', `Unknown attribute "${name}" in "${text}".`);
      // Still checked, so a typo in a sub-attribute is refused like one in an attribute; a filter is not read.
      const subName = dotted ?? path.subAttribute;
      if (subName !== null && rfcSubAttributeName(schema.id, rfcName, subName) === undefined) {
        throw new ScimError(400, 'invalidPath', `"${rfcName}" has no sub-attribute "${subName}".`);
      }
      noteOnce(this.ignored, ignoredLabel(schema.id, rfcName));
      return;
    }
    const subName = dotted ?? path.subAttribute;
    let subAttribute: ScimAttributeDefinition | null = null;
    if (subName !== null) {
      subAttribute = findByName(attribute.subAttributes ?? [], subName) ?? null;
      if (!subAttribute) {
        const rfcSub = rfcSubAttributeName(schema.id, attribute.name, subName);
        if (rfcSub === undefined) {
          throw new ScimError(400, 'invalidPath', `"${attribute.name}" has no sub-attribute "${subName}".`);
        }
        noteOnce(this.ignored, ignoredLabel(schema.id, attribute.name, rfcSub));
        return;
      }
      if (subAttribute.mutability === 'readOnly') {
        // Derived from its writable siblings (name.formatted, manager.$ref): the representation computes it.
        noteOnce(this.ignored, ignoredLabel(schema.id, attribute.name, subAttribute.name));
        return;
      }
    }
    if (path.filter && !attribute.multiValued) {
      throw new ScimError(400, 'invalidPath', `"${attribute.name}" is single-valued: a filter applies to a list.`);
    }
    if (subAttribute && attribute.multiValued && !path.filter) {
      throw new ScimError(
        400,
        'invalidPath',
        `"${attribute.name}" is a list: say which element, e.g. ${attribute.name}[type eq "work"].${subAttribute.name}.`,
      );
    }
    this.write(op, { ...this.target(schema, attribute), subAttribute, filter: path.filter }, value);
  }

  private target(schema: ScimSchemaDefinition, attribute: ScimAttributeDefinition): Target {
    return {
      schema,
      attribute,
      subAttribute: null,
      filter: null,
      label: isCoreSchema(schema.id) ? attribute.name : `${schema.id}:${attribute.name}`,
    };
  }

  private write(op: PatchOp, target: Target, value: unknown): void {
    if (target.attribute.multiValued) {
      this.writeList(op, target, value);
      return;
    }
    const container = this.container(target.schema, op !== 'remove');
    if (!container) return; // Removing from an extension the resource doesn't have: nothing to do.
    const current = readCaseInsensitive(container, target.attribute.name);
    if (target.subAttribute) {
      const label = `${target.label}.${target.subAttribute.name}`;
      const currentSub = readCaseInsensitive(current, target.subAttribute.name);
      const nextSub = op === 'remove' ? undefined : coerce(value, target.subAttribute, label);
      checkMutability(
        target.subAttribute,
        label,
        [currentSub, this.originalValue(target, target.subAttribute)],
        nextSub,
      );
      const merged = { ...(isPlainObject(current) ? current : {}) };
      setCaseInsensitive(merged, target.subAttribute.name, nextSub);
      this.setAttribute(container, target, isAssigned(merged) ? merged : undefined);
      return;
    }
    let next: unknown;
    if (op === 'remove') {
      next = undefined;
    } else if (target.attribute.type === 'complex') {
      // RFC 7644 §3.5.2.1/3: a complex value's sub-attributes are merged into the existing ones.
      const given = coerce(value, target.attribute, target.label, true, this.ignoreSub(target)) as Record<
        string,
        unknown
      > | null;
      if (given === null) {
        next = undefined;
      } else {
        const merged = { ...(isPlainObject(current) ? current : {}) };
        for (const sub of target.attribute.subAttributes ?? []) {
          const givenSub = given[sub.name];
          if (givenSub === undefined) continue;
          const label = `${target.label}.${sub.name}`;
          const before = [readCaseInsensitive(current, sub.name), this.originalValue(target, sub)];
          checkMutability(sub, label, before, givenSub);
          setCaseInsensitive(merged, sub.name, givenSub);
        }
        next = merged;
      }
    } else {
      next = coerce(value, target.attribute, target.label) ?? undefined;
    }
    checkMutability(target.attribute, target.label, [current, this.originalValue(target, null)], next);
    this.setAttribute(container, target, next);
  }

  /** emails, phoneNumbers: add appends, replace swaps the list or the elements a filter picks, remove drops them. */
  private writeList(op: PatchOp, target: Target, value: unknown): void {
    const container = this.container(target.schema, op !== 'remove');
    if (!container) return;
    const current = readCaseInsensitive(container, target.attribute.name);
    const elements: unknown[] = Array.isArray(current) ? structuredClone(current) : [];
    const subAttributes = target.attribute.subAttributes ?? [];
    let next: unknown[];
    if (target.filter) {
      const filter = target.filter;
      const matched = elements.flatMap((element, index) =>
        matchesScimElement(filter, element, subAttributes) ? [index] : [],
      );
      if (matched.length === 0 && op !== 'add') {
        throw new ScimError(400, 'noTarget', `No element of ${target.label} matches the filter.`);
      }
      if (op === 'remove' && !target.subAttribute) {
        next = elements.filter((_, index) => !matched.includes(index));
      } else {
        next = elements;
        if (matched.length === 0) {
          // Entra ID adds a person's first work email or phone through the filter that will later find it.
          const created = elementFromFilter(filter, subAttributes);
          if (!created) {
            throw new ScimError(
              400,
              'noTarget',
              `No element of ${target.label} matches, and the filter cannot make one.`,
            );
          }
          next.push(created);
          matched.push(next.length - 1);
        }
        for (const index of matched) next[index] = this.changedElement(op, target, next[index], value);
      }
    } else if (op === 'remove') {
      next = value === undefined ? [] : this.withoutValues(elements, value, target);
    } else {
      const given = this.elements(value, target);
      next = op === 'replace' ? given : [...elements, ...given.filter((element) => !containsEqual(elements, element))];
    }
    next = keepOnePrimary(next, elements);
    const nextValue = next.length === 0 ? undefined : next;
    checkMutability(target.attribute, target.label, [current], nextValue);
    this.setAttribute(container, target, nextValue);
  }

  private changedElement(op: PatchOp, target: Target, element: unknown, value: unknown): Record<string, unknown> {
    const base = isPlainObject(element) ? { ...element } : {};
    if (target.subAttribute) {
      const label = `${target.label}.${target.subAttribute.name}`;
      const nextSub = op === 'remove' ? undefined : coerce(value, target.subAttribute, label);
      checkMutability(target.subAttribute, label, [readCaseInsensitive(base, target.subAttribute.name)], nextSub);
      setCaseInsensitive(base, target.subAttribute.name, nextSub);
      return base;
    }
    const given = this.elements(value, target);
    if (given.length !== 1) {
      throw new ScimError(400, 'invalidValue', `${target.label}: give one element to put where the filter points.`);
    }
    return op === 'add' ? { ...base, ...given[0] } : given[0]!;
  }

  /** A list value as elements: a list, or one element alone; each element's sub-attributes checked. */
  private elements(value: unknown, target: Target): Array<Record<string, unknown>> {
    const list = Array.isArray(value) ? value : value === null ? [] : [value];
    return list.map((element, index) => {
      const label = `${target.label}[${index}]`;
      const coerced = coerce(
        element,
        { ...target.attribute, multiValued: false },
        label,
        false,
        this.ignoreSub(target),
      );
      if (!isPlainObject(coerced)) {
        throw new ScimError(400, 'invalidValue', `${target.label}[${index}] must be an object.`);
      }
      return coerced;
    });
  }

  /** remove with a value: drops the elements whose `value` matches one given (RFC 7644 §3.5.2.2). */
  private withoutValues(elements: unknown[], value: unknown, target: Target): unknown[] {
    const doomed = this.elements(value, target);
    const remaining = elements.filter((element) => !containsEqual(doomed, element, true));
    if (remaining.length === elements.length) {
      throw new ScimError(400, 'noTarget', `None of the given values is in ${target.label}.`);
    }
    return remaining;
  }

  /**
   * For a complex value's keys: a readOnly sub-attribute (name.formatted) or one the RFC defines that the schema
   * does not hold (addresses' streetAddress) is noted and skipped; any other unknown key is refused by coerce.
   */
  private ignoreSub(target: Target): IgnoreSubAttribute {
    return (key, sub) => {
      const name = sub?.name ?? rfcSubAttributeName(target.schema.id, target.attribute.name, key);
      if (name === undefined) return false;
      noteOnce(this.ignored, ignoredLabel(target.schema.id, target.attribute.name, name));
      return true;
    };
  }

  private writeCommonReadOnly(op: PatchOp, name: string, sub: string | null, value: unknown): void {
    const current = readCaseInsensitive(this.resource, name);
    const label = sub === null ? name : `${name}.${sub}`;
    const currentValue = sub === null ? current : readCaseInsensitive(current, sub);
    const same =
      op !== 'remove' &&
      (name.toLowerCase() === 'schemas'
        ? sameSet(currentValue, value)
        : JSON.stringify(currentValue) === JSON.stringify(value));
    if (!same) throw new ScimError(400, 'mutability', `${label} is read-only.`);
  }

  private originalContainer(schema: ScimSchemaDefinition): unknown {
    return isCoreSchema(schema.id) ? this.original : readCaseInsensitive(this.original, schema.id);
  }

  private originalValue(target: Target, sub: ScimAttributeDefinition | null): unknown {
    const value = readCaseInsensitive(this.originalContainer(target.schema), target.attribute.name);
    return sub === null ? value : readCaseInsensitive(value, sub.name);
  }

  /** The object holding a schema's attributes: the resource itself for the core schema, else its extension. */
  private container(schema: ScimSchemaDefinition, create: boolean): Record<string, unknown> | null {
    if (isCoreSchema(schema.id)) return this.resource;
    const key = Object.keys(this.resource).find((candidate) => candidate.toLowerCase() === schema.id.toLowerCase());
    const existing = key === undefined ? undefined : this.resource[key];
    if (isPlainObject(existing)) {
      if (key !== schema.id) {
        delete this.resource[key!];
        this.resource[schema.id] = existing;
      }
      return existing;
    }
    if (!create) return null;
    const created: Record<string, unknown> = {};
    this.resource[schema.id] = created;
    return created;
  }

  private setAttribute(container: Record<string, unknown>, target: Target, value: unknown): void {
    setCaseInsensitive(container, target.attribute.name, value);
    if (isCoreSchema(target.schema.id)) return;
    // An extension appears in `schemas` while it holds something, and leaves with its last attribute.
    const listed = this.resource.schemas.some((schema) => schema.toLowerCase() === target.schema.id.toLowerCase());
    if (Object.keys(container).length === 0) {
      delete this.resource[target.schema.id];
      this.resource.schemas = this.resource.schemas.filter(
        (schema) => schema.toLowerCase() !== target.schema.id.toLowerCase(),
      );
    } else if (!listed) {
      this.resource.schemas = [...this.resource.schemas, target.schema.id];
    }
  }
}

/**
 * A value as its definition wants it, or a 400 invalidValue naming the attribute. Entra ID's "True"/"False"
 * become booleans and numeric strings numbers; a bare string for a complex attribute with a `value`
 * sub-attribute is that sub-attribute (Entra's manager id). null stays null: the attribute is unassigned.
 */
export function coerceScimValue(value: unknown, definition: ScimAttributeDefinition, label: string): unknown {
  return coerce(value, definition, label);
}

/** Whether a complex value's key is skipped: a readOnly sub-attribute (`sub` given) or an unknown one. */
type IgnoreSubAttribute = (key: string, sub: ScimAttributeDefinition | undefined) => boolean;

function coerce(
  value: unknown,
  definition: ScimAttributeDefinition,
  label: string,
  /** Whether a bare string may stand for a complex value's `value` (a single-valued attribute's, as the manager). */
  bareValue = !definition.multiValued,
  ignoreSub?: IgnoreSubAttribute,
): unknown {
  const refuse = (expected: string): ScimError =>
    new ScimError(400, 'invalidValue', `${label} must be ${expected}, not ${JSON.stringify(value)}.`);
  if (value === null || value === undefined) return null;
  if (definition.multiValued) {
    const list = Array.isArray(value) ? value : [value];
    return list.map((item, index) =>
      coerce(item, { ...definition, multiValued: false }, `${label}[${index}]`, false, ignoreSub),
    );
  }
  switch (definition.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      throw refuse('true or false');
    case 'integer':
    case 'decimal': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number)) throw refuse('a number');
      if (definition.type === 'integer' && !Number.isInteger(number)) throw refuse('a whole number');
      return number;
    }
    case 'dateTime':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw refuse('a date and time');
      return value;
    case 'complex': {
      const subAttributes = definition.subAttributes ?? [];
      if (bareValue && typeof value === 'string' && findByName(subAttributes, 'value')) return { value };
      if (!isPlainObject(value)) throw refuse('an object');
      const result: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const sub = findByName(subAttributes, key);
        if ((!sub || sub.mutability === 'readOnly') && ignoreSub?.(key, sub)) continue;
        if (!sub) throw new ScimError(400, 'invalidPath', `${label} has no sub-attribute "${key}".`);
        const coerced = coerce(item, sub, `${label}.${sub.name}`);
        if (coerced !== null) result[sub.name] = coerced;
      }
      return result;
    }
    default:
      if (typeof value !== 'string') throw refuse('a string');
      return value;
  }
}

/**
 * readOnly and immutable attributes, and removing a required one (RFC 7644 §3.5.2): the value an attribute has
 * (now, or before the PATCH began) may be written again; an immutable one may be set while it has none.
 */
function checkMutability(definition: ScimAttributeDefinition, label: string, before: unknown[], next: unknown): void {
  if (before.some((value) => sameValue(value, next, definition))) return;
  const fail = (why: string) => new ScimError(400, 'mutability', `${label} ${why}.`);
  if (definition.mutability === 'readOnly') throw fail('is read-only');
  if (definition.mutability === 'immutable' && before.some(isAssigned)) throw fail('cannot change once set');
  if (definition.required && !isAssigned(next)) throw fail('is required: it cannot be removed');
}

function sameValue(a: unknown, b: unknown, definition: ScimAttributeDefinition): boolean {
  if (!isAssigned(a) && !isAssigned(b)) return true;
  if (typeof a === 'string' && typeof b === 'string' && definition.type === 'string' && !definition.caseExact) {
    return a.toLowerCase() === b.toLowerCase();
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The element a filter of equalities describes (`type eq "work"` → `{ type: "work" }`), or null. */
function elementFromFilter(
  filter: ScimFilter,
  subAttributes: readonly ScimAttributeDefinition[],
): Record<string, unknown> | null {
  if (filter.op === 'and') {
    const left = elementFromFilter(filter.left, subAttributes);
    const right = elementFromFilter(filter.right, subAttributes);
    return left && right ? { ...left, ...right } : null;
  }
  if (filter.op !== 'eq' || filter.value === null) return null;
  const sub = findByName(subAttributes, filter.path.attribute);
  return sub ? { [sub.name]: filter.value } : null;
}

/** When an element is (newly) primary, the others stop being so (RFC 7643 §2.4: one primary at most). */
function keepOnePrimary(next: unknown[], before: unknown[]): unknown[] {
  const primaries = next.filter((element) => readCaseInsensitive(element, 'primary') === true);
  if (primaries.length <= 1) return next;
  const newPrimary =
    primaries.find((element) => !before.some((old) => JSON.stringify(old) === JSON.stringify(element))) ??
    primaries[primaries.length - 1];
  return next.map((element) =>
    element !== newPrimary && readCaseInsensitive(element, 'primary') === true
      ? { ...(element as object), primary: false }
      : element,
  );
}

function containsEqual(list: unknown[], element: unknown, byValueOnly = false): boolean {
  const key = (item: unknown) => {
    const value = readCaseInsensitive(item, 'value');
    if (byValueOnly) return JSON.stringify(typeof value === 'string' ? value.toLowerCase() : value);
    return JSON.stringify([typeof value === 'string' ? value.toLowerCase() : value, readCaseInsensitive(item, 'type')]);
  };
  return list.some((item) => key(item) === key(element));
}

function setCaseInsensitive(object: Record<string, unknown>, name: string, value: unknown): void {
  for (const key of Object.keys(object)) {
    if (key.toLowerCase() === name.toLowerCase()) delete object[key];
  }
  if (value !== undefined) object[name] = value;
}

function sameSet(a: unknown, b: unknown): boolean {
  if (!Array.isArray(a) || !Array.isArray(b)) return false;
  const normal = (list: unknown[]) => JSON.stringify(list.map((item) => String(item).toLowerCase()).sort());
  return normal(a) === normal(b);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
