/** The view log stores a field's stable name and shows its label today (a retired field says so). */
import { describe, expect, it } from 'vitest';
import type { CustomFieldDefinition } from './custom-fields';
import { viewedFieldLabel } from './private-detail-view-places';

const field = (key: string, label: string, retired: boolean): CustomFieldDefinition => ({
  key,
  label,
  helpText: null,
  type: 'short-text',
  required: false,
  visibility: 'hr',
  editableBy: 'hr',
  searchable: false,
  facet: false,
  needsApproval: false,
  section: null,
  position: 1,
  retired,
  options: [],
});

describe('viewedFieldLabel', () => {
  const fields = [field('cost_centre', 'Cost centre (renamed)', false), field('clearance', 'Clearance', true)];

  it('names a built-in field in words and a field HR defines by its current label', () => {
    expect(viewedFieldLabel('personalEmail', fields)).toBe('personal email');
    expect(viewedFieldLabel('custom.cost_centre', fields)).toBe('Cost centre (renamed)');
  });

  it('marks a retired field, and falls back to the stored name for a field no longer defined', () => {
    expect(viewedFieldLabel('custom.clearance', fields)).toBe('Clearance (retired)');
    expect(viewedFieldLabel('custom.gone', fields)).toBe('custom.gone');
  });
});
