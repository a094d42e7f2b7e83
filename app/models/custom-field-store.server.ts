/**
 * The definitions of the fields HR defines, as stored (`field_definitions` and `field_definitions_version`,
 * migration 014; docs/decisions/023-hr-defined-field-storage.md). Every write increments the version in the same
 * transaction, so a worker that sees the version unchanged knows its copy of the definitions is current.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '~/db/database.server';
import { CUSTOM_FIELD_TYPES, FIELD_EDITORS, type CustomFieldDefinition, type CustomFieldOption } from './custom-fields';
import { FIELD_VISIBILITIES } from './field-definitions';

interface DefinitionRow {
  field_key: string;
  label: string;
  help_text: string | null;
  field_type: string;
  is_required: number | boolean;
  visibility: string;
  editable_by: string;
  needs_approval: number | boolean;
  searchable: number | boolean;
  facet: number | boolean;
  section: string | null;
  sort_position: number;
  is_retired: number | boolean;
  choice_options: string;
}

function parseOptions(stored: string): CustomFieldOption[] {
  try {
    const parsed: unknown = JSON.parse(stored);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((item: unknown) => {
      const option = item as Partial<CustomFieldOption> | null;
      return option && typeof option.value === 'string' && typeof option.label === 'string'
        ? [{ value: option.value, label: option.label, retired: option.retired === true }]
        : [];
    });
  } catch {
    return [];
  }
}

function definitionOf(row: DefinitionRow): CustomFieldDefinition | null {
  const type = CUSTOM_FIELD_TYPES.find((candidate) => candidate === row.field_type);
  const visibility = FIELD_VISIBILITIES.find((candidate) => candidate === row.visibility);
  const editableBy = FIELD_EDITORS.find((candidate) => candidate === row.editable_by);
  // A row this version cannot read (written by a newer one) is left out rather than shown with a guess.
  if (!type || !visibility || !editableBy) return null;
  return {
    key: row.field_key,
    label: row.label,
    helpText: row.help_text,
    type,
    required: Boolean(Number(row.is_required)),
    visibility,
    editableBy,
    needsApproval: Boolean(Number(row.needs_approval)),
    searchable: Boolean(Number(row.searchable)),
    facet: Boolean(Number(row.facet)),
    section: row.section,
    position: Number(row.sort_position),
    retired: Boolean(Number(row.is_retired)),
    options: parseOptions(row.choice_options),
  };
}

/** Every definition, retired ones included, in HR's order. */
export async function listCustomFieldDefinitions(
  db: Database,
  options: { transaction?: Transaction } = {},
): Promise<CustomFieldDefinition[]> {
  const rows = await db.sequelize.query<DefinitionRow>(
    `SELECT field_key, label, help_text, field_type, is_required, visibility, editable_by, needs_approval, searchable,
            facet, section, sort_position, is_retired, choice_options
     FROM field_definitions ORDER BY sort_position, field_key`,
    { type: QueryTypes.SELECT, transaction: options.transaction },
  );
  return rows.flatMap((row) => definitionOf(row) ?? []);
}

/** The definitions' version: one primary-key read, made on each request to know whether to re-read them. */
export async function readCustomFieldsVersion(db: Database): Promise<number> {
  const rows = await db.sequelize.query<{ version: number }>(
    `SELECT version FROM field_definitions_version WHERE name = 'fields'`,
    { type: QueryTypes.SELECT },
  );
  return Number(rows[0]?.version ?? 0);
}

async function bumpVersion(db: Database, transaction: Transaction): Promise<void> {
  await db.sequelize.query(`UPDATE field_definitions_version SET version = version + 1 WHERE name = 'fields'`, {
    type: QueryTypes.UPDATE,
    transaction,
  });
}

function rowOf(field: CustomFieldDefinition) {
  return {
    key: field.key,
    label: field.label,
    helpText: field.helpText,
    type: field.type,
    required: field.required ? 1 : 0,
    visibility: field.visibility,
    editableBy: field.editableBy,
    needsApproval: field.needsApproval ? 1 : 0,
    searchable: field.searchable ? 1 : 0,
    facet: field.facet ? 1 : 0,
    section: field.section,
    position: field.position,
    retired: field.retired ? 1 : 0,
    options: JSON.stringify(field.options),
    now: new Date(),
  };
}

/**
 * What a writer does in the same transaction as a definition write, only when something was written: the admin
 * service records the `field-definitions.changed` event there, so the event exists exactly when the change does.
 */
export interface DefinitionWriteOptions {
  onWrite?: (transaction: Transaction) => Promise<void>;
}

export class DuplicateFieldKeyError extends Error {
  constructor(readonly key: string) {
    super(`A field with the key ${key} exists already (retired fields keep their key)`);
  }
}

/** Adds a field at the end of the list. */
export async function insertCustomFieldDefinition(
  db: Database,
  field: Omit<CustomFieldDefinition, 'position'>,
  options: DefinitionWriteOptions = {},
): Promise<void> {
  await db.sequelize.transaction(async (transaction) => {
    const existing = await listCustomFieldDefinitions(db, { transaction });
    if (existing.some((candidate) => candidate.key === field.key)) throw new DuplicateFieldKeyError(field.key);
    const position = existing.reduce((max, candidate) => Math.max(max, candidate.position), 0) + 1;
    await db.sequelize.query(
      `INSERT INTO field_definitions (field_key, label, help_text, field_type, is_required, visibility, editable_by,
         needs_approval, searchable, facet, section, sort_position, is_retired, choice_options, created_at, updated_at)
       VALUES (:key, :label, :helpText, :type, :required, :visibility, :editableBy, :needsApproval, :searchable, :facet,
         :section, :position, :retired, :options, :now, :now)`,
      { replacements: rowOf({ ...field, position }), type: QueryTypes.INSERT, transaction },
    );
    await bumpVersion(db, transaction);
    await options.onWrite?.(transaction);
  });
}

/**
 * Changes a field through `change`, which receives the stored definition (null: no such field; nothing is
 * written either when `change` returns it unchanged). The key and the type are kept whatever `change` returns: values depend on them.
 */
export async function updateCustomFieldDefinition(
  db: Database,
  key: string,
  change: (field: CustomFieldDefinition) => CustomFieldDefinition,
  options: DefinitionWriteOptions = {},
): Promise<CustomFieldDefinition | null> {
  return db.sequelize.transaction(async (transaction) => {
    const field = (await listCustomFieldDefinitions(db, { transaction })).find((candidate) => candidate.key === key);
    if (!field) return null;
    const changed = { ...change(field), key: field.key, type: field.type };
    // Nothing to change (a refused option, a retired field retired again): nothing written, no new version.
    if (JSON.stringify(changed) === JSON.stringify(field)) return field;
    await db.sequelize.query(
      `UPDATE field_definitions SET label = :label, help_text = :helpText, is_required = :required,
         visibility = :visibility, editable_by = :editableBy, needs_approval = :needsApproval,
         searchable = :searchable, facet = :facet,
         section = :section, sort_position = :position, is_retired = :retired, choice_options = :options,
         updated_at = :now
       WHERE field_key = :key`,
      { replacements: rowOf(changed), type: QueryTypes.UPDATE, transaction },
    );
    await bumpVersion(db, transaction);
    await options.onWrite?.(transaction);
    return changed;
  });
}

/** Moves a field one place up or down among all fields (retired ones keep their place). */
export async function moveCustomFieldDefinition(
  db: Database,
  key: string,
  direction: 'up' | 'down',
  options: DefinitionWriteOptions = {},
): Promise<boolean> {
  return db.sequelize.transaction(async (transaction) => {
    const fields = await listCustomFieldDefinitions(db, { transaction });
    const index = fields.findIndex((field) => field.key === key);
    const other = direction === 'up' ? index - 1 : index + 1;
    if (index < 0 || other < 0 || other >= fields.length) return false;
    [fields[index], fields[other]] = [fields[other], fields[index]];
    // Renumbered 1..n, so positions stay distinct whatever they were.
    for (const [position, field] of fields.entries()) {
      await db.sequelize.query(`UPDATE field_definitions SET sort_position = :position WHERE field_key = :key`, {
        replacements: { position: position + 1, key: field.key },
        type: QueryTypes.UPDATE,
        transaction,
      });
    }
    await bumpVersion(db, transaction);
    await options.onWrite?.(transaction);
    return true;
  });
}
