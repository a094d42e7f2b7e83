/**
 * HR's changes to the fields HR defines (/admin/fields): add a field, change its settings, move it, retire or
 * restore it, add or retire a choice option. Each form is parsed with zod (app/models/custom-fields.ts) and answers
 * with messages by field, never an error page. Every change increments the definitions' version (so every worker
 * re-reads them, app/services/custom-field-cache.server.ts), this process forgets its copy at once, and a
 * `field-definitions.changed` event (keys and what changed, never a value) is written in the same transaction, so
 * the search index follows through its subscriber (docs/decisions/324-search-index-holds-everyone-fields.md).
 */
import { z } from 'zod';
import type { Transaction } from 'sequelize';
import { FIELD_DEFINITIONS_STREAM, type FieldDefinitionAspect } from '@shared/contracts/employee-events';
import {
  type CustomFieldDefinition,
  fieldSettingsSchema,
  isChoiceType,
  messagesByField,
  newFieldSchema,
  optionLabelSchema,
  optionValueOf,
} from '~/models/custom-fields';
import {
  DuplicateFieldKeyError,
  insertCustomFieldDefinition,
  moveCustomFieldDefinition,
  updateCustomFieldDefinition,
} from '~/models/custom-field-store.server';
import type { Platform } from '~/platform.server';
import { closePendingChangesOf } from '~/models/field-change-requests.server';
import { forgetCustomFields } from './custom-field-cache.server';
import { recordEvent } from './domain-events.server';

export const FIELD_INTENTS = [
  'add',
  'edit',
  'move-up',
  'move-down',
  'retire',
  'restore',
  'add-option',
  'retire-option',
] as const;
export type FieldIntent = (typeof FIELD_INTENTS)[number];

export type FieldAdminResult =
  | { intent: FieldIntent; key: string | null; ok: true; message: string }
  | {
      intent: FieldIntent;
      key: string | null;
      ok: false;
      errors: Record<string, string>;
      /** The form as sent, to show again beside its errors. */
      values: Record<string, string>;
    };

const intentSchema = z.enum(FIELD_INTENTS);

/**
 * Every setting a write can change, by the event's name for it: a Record, so that a setting added to the
 * definition does not compile until it is named here. A write whose change named nothing would bump the
 * definitions' version with no event, and the search index, stamped by the event's subscriber, would stay behind
 * the definitions (the directory on the database search) until the next change.
 */
const ASPECT_NAMES: Record<Exclude<keyof CustomFieldDefinition, 'key' | 'type'>, FieldDefinitionAspect> = {
  label: 'label',
  helpText: 'help-text',
  required: 'required',
  visibility: 'visibility',
  editableBy: 'editable-by',
  needsApproval: 'needs-approval',
  searchable: 'searchable',
  facet: 'facet',
  section: 'section',
  position: 'position',
  retired: 'retired',
  options: 'options',
};
const ASPECT_OF = Object.entries(ASPECT_NAMES) as Array<[keyof CustomFieldDefinition, FieldDefinitionAspect]>;

/** What differs between two states of a field, by the event's names for it. */
export function changedAspects(before: CustomFieldDefinition, after: CustomFieldDefinition): FieldDefinitionAspect[] {
  return ASPECT_OF.filter(([name]) => JSON.stringify(before[name]) !== JSON.stringify(after[name])).map(
    ([, aspect]) => aspect,
  );
}

/** The event of a definition write, recorded in its transaction by the store (nothing written, no event). */
function recordChange(
  platform: Platform,
  actorId: string,
  key: string,
  aspects: () => FieldDefinitionAspect[],
): { onWrite: (transaction: Transaction) => Promise<void> } {
  return {
    onWrite: async (transaction) => {
      const changed = aspects();
      if (changed.length === 0) return;
      await recordEvent(
        platform.db,
        {
          type: 'field-definitions.changed',
          version: 1,
          employeeId: FIELD_DEFINITIONS_STREAM,
          actorId,
          keys: [key],
          changed,
        },
        { transaction },
      );
    },
  };
}

/** What a form sent, as text (a checkbox not ticked is absent), cut to a length no field needs more than. */
function sentValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of formData) {
    if (typeof value === 'string' && name.length <= 40) values[name] = value.slice(0, 6000);
  }
  return values;
}

/** `actorId`: the HR admin who sent the form, named by the definitions' events. */
export async function runFieldAdminAction(
  platform: Platform,
  formData: FormData,
  actorId = 'system',
): Promise<FieldAdminResult> {
  const intent = intentSchema.safeParse(formData.get('intent'));
  if (!intent.success) throw new Response('Unknown action', { status: 400 });
  const values = sentValues(formData);
  // A key longer than any stored one names no field: it is looked up as sent and simply not found.
  const key = (values.key ?? '').slice(0, 40);
  const fail = (errors: Record<string, string>) =>
    ({ intent: intent.data, key: key || null, ok: false, errors, values }) as const;
  const done = (message: string) => {
    forgetCustomFields(platform);
    return { intent: intent.data, key: key || null, ok: true, message } as const;
  };
  const missing = () => fail({ form: 'This field no longer exists. Reload the page.' });
  /** A change to one field, with its event naming what the change altered. */
  const updateField = (fieldKey: string, change: (field: CustomFieldDefinition) => CustomFieldDefinition) => {
    let aspects: FieldDefinitionAspect[] = [];
    return updateCustomFieldDefinition(
      platform.db,
      fieldKey,
      (field) => {
        const after = change(field);
        aspects = changedAspects(field, { ...after, key: field.key, type: field.type });
        return after;
      },
      recordChange(platform, actorId, fieldKey, () => aspects),
    );
  };

  switch (intent.data) {
    case 'add': {
      const parsed = newFieldSchema.safeParse(values);
      if (!parsed.success) return fail(messagesByField(parsed.error));
      const field = parsed.data;
      const taken: string[] = [];
      const options = (isChoiceType(field.type) ? field.options : []).map((label) => {
        const value = optionValueOf(label, taken);
        taken.push(value);
        return { value, label, retired: false };
      });
      try {
        await insertCustomFieldDefinition(
          platform.db,
          {
            key: field.key,
            label: field.label,
            helpText: field.helpText,
            type: field.type,
            required: field.required,
            visibility: field.visibility,
            editableBy: field.editableBy,
            needsApproval: field.needsApproval,
            searchable: field.searchable,
            facet: field.facet,
            section: field.section,
            retired: false,
            options,
          },
          recordChange(platform, actorId, field.key, () => ['added']),
        );
      } catch (error) {
        if (error instanceof DuplicateFieldKeyError) return fail({ key: error.message });
        throw error;
      }
      return done(`Field “${field.label}” added.`);
    }
    case 'edit': {
      const parsed = fieldSettingsSchema.safeParse(values);
      if (!parsed.success) return fail(messagesByField(parsed.error));
      const changed = await updateField(key, (field) => ({ ...field, ...parsed.data }));
      return changed ? done(`Field “${changed.label}” saved.`) : missing();
    }
    case 'move-up':
    case 'move-down': {
      const moved = await moveCustomFieldDefinition(
        platform.db,
        key,
        intent.data === 'move-up' ? 'up' : 'down',
        recordChange(platform, actorId, key, () => ['position']),
      );
      return moved ? done('Order saved.') : fail({ form: 'That field cannot move further.' });
    }
    case 'retire':
    case 'restore': {
      const retired = intent.data === 'retire';
      const changed = await updateField(key, (field) => ({ ...field, retired }));
      if (!changed) return missing();
      // Nothing can apply a change to a retired field: those waiting for HR are closed (decision 323).
      if (retired) await closePendingChangesOf(platform.db, key);
      return done(
        retired
          ? `Field “${changed.label}” retired: it is hidden everywhere, and its values are kept.`
          : `Field “${changed.label}” restored.`,
      );
    }
    case 'add-option': {
      const label = optionLabelSchema.safeParse(values.option ?? '');
      if (!label.success) return fail({ option: label.error.issues[0]?.message ?? 'Enter the option' });
      let refusal: string | null = null;
      const changed = await updateField(key, (field) => {
        if (!isChoiceType(field.type)) refusal = 'Only a field with a list of choices has options.';
        else if (field.options.length >= 50) refusal = 'A field has at most 50 options, retired ones included.';
        else if (field.options.some((option) => option.label === label.data && !option.retired)) {
          refusal = 'This option is in the list already.';
        }
        if (refusal) return field;
        const value = optionValueOf(
          label.data,
          field.options.map((option) => option.value),
        );
        return { ...field, options: [...field.options, { value, label: label.data, retired: false }] };
      });
      if (!changed) return missing();
      if (refusal) return fail({ option: refusal });
      return done(`Option “${label.data}” added.`);
    }
    case 'retire-option': {
      const option = (values.option ?? '').slice(0, 100);
      let found = false;
      const changed = await updateField(key, (field) => ({
        ...field,
        options: field.options.map((candidate) => {
          if (candidate.value !== option) return candidate;
          found = true;
          return { ...candidate, retired: true };
        }),
      }));
      if (!changed) return missing();
      if (!found) return fail({ option: 'This option no longer exists. Reload the page.' });
      return done('Option retired: no longer offered; those who chose it keep it.');
    }
  }
}
