/**
 * Where someone other than the person read their private fields, as the view log (`private_detail_views`)
 * names it and as pages label it. Plain TypeScript: the pages' components show the labels.
 */
import { customFieldInputName, type CustomFieldDefinitions } from './custom-fields';
export const VIEW_PLACES = ['employee-page', 'profile-page', 'csv-export', 'hr-archive', 'field-changes'] as const;
export type ViewPlace = (typeof VIEW_PLACES)[number];

export const VIEW_PLACE_LABELS: Record<ViewPlace, string> = {
  'employee-page': "HR's employee page",
  'profile-page': 'Profile page (as HR)',
  'csv-export': 'CSV export',
  'hr-archive': 'Archive of all data, made by HR',
  'field-changes': "HR's list of changes to approve",
};

/** Labels for the private fields' names, as the profile page shows them (app/components/profile-details.tsx). */
export const PRIVATE_FIELD_LABELS: Record<string, string> = {
  personalEmail: 'personal email',
  personalPhone: 'personal phone',
  emergencyContactName: 'emergency contact',
  emergencyContactPhone: 'emergency phone',
};

/**
 * A field the view log names, as pages and the archive show it. The log stores the stable name (a built-in key, or
 * `custom.<key>` for a field HR defines); a field HR defines is shown by its label today, whatever it was called
 * when viewed, and a retired one says so.
 */
export function viewedFieldLabel(name: string, customFields: CustomFieldDefinitions): string {
  const { label, retired } = viewedField(name, customFields);
  return retired ? `${label} (retired)` : label;
}

/** The same, with "retired" apart, for pages that word it in the reader's language. */
export function viewedField(name: string, customFields: CustomFieldDefinitions): { label: string; retired: boolean } {
  const builtIn = PRIVATE_FIELD_LABELS[name];
  if (builtIn) return { label: builtIn, retired: false };
  const field = customFields.find((candidate) => customFieldInputName(candidate.key) === name);
  if (!field) return { label: name, retired: false };
  return { label: field.label, retired: Boolean(field.retired) };
}
