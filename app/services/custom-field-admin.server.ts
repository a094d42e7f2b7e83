/**
 * HR's changes to the fields HR defines (/admin/fields): add a field, change its settings, move it, retire or
 * restore it, add or retire a choice option. Each form is parsed with zod (app/models/custom-fields.ts) and answers
 * with messages by field, never an error page. Every change increments the definitions' version (so every worker
 * re-reads them, app/services/custom-field-cache.server.ts) and this process forgets its copy at once. The search
 * index reads no custom field today, so a change has nothing to reindex
 * (docs/decisions/023-hr-defined-field-storage.md).
 */
import { z } from 'zod';
import {
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

/** What a form sent, as text (a checkbox not ticked is absent), cut to a length no field needs more than. */
function sentValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of formData) {
    if (typeof value === 'string' && name.length <= 40) values[name] = value.slice(0, 6000);
  }
  return values;
}

export async function runFieldAdminAction(platform: Platform, formData: FormData): Promise<FieldAdminResult> {
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
        await insertCustomFieldDefinition(platform.db, {
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
        });
      } catch (error) {
        if (error instanceof DuplicateFieldKeyError) return fail({ key: error.message });
        throw error;
      }
      return done(`Field “${field.label}” added.`);
    }
    case 'edit': {
      const parsed = fieldSettingsSchema.safeParse(values);
      if (!parsed.success) return fail(messagesByField(parsed.error));
      const changed = await updateCustomFieldDefinition(platform.db, key, (field) => ({ ...field, ...parsed.data }));
      return changed ? done(`Field “${changed.label}” saved.`) : missing();
    }
    case 'move-up':
    case 'move-down': {
      const moved = await moveCustomFieldDefinition(platform.db, key, intent.data === 'move-up' ? 'up' : 'down');
      return moved ? done('Order saved.') : fail({ form: 'That field cannot move further.' });
    }
    case 'retire':
    case 'restore': {
      const retired = intent.data === 'retire';
      const changed = await updateCustomFieldDefinition(platform.db, key, (field) => ({ ...field, retired }));
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
      const changed = await updateCustomFieldDefinition(platform.db, key, (field) => {
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
      const changed = await updateCustomFieldDefinition(platform.db, key, (field) => ({
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
