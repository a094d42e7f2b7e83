/**
 * Field definitions for tests only: the built-in fields with two of them given the visibilities no built-in field
 * has today, so that the gate's four visibilities are all exercised (the gate's unit test, and the field matrix
 * through the built app: test-support/http/field-matrix.ts).
 */
import { BUILT_IN_FIELD_DEFINITIONS, type FieldDefinitions, type FieldVisibility } from '~/models/field-definitions';

/** The built-in fields, each visibility used at least once: the office for the manager chain, the work phone for HR. */
export const ALL_VISIBILITIES_DEFINITIONS: FieldDefinitions = BUILT_IN_FIELD_DEFINITIONS.map((field) => {
  const visibility: Partial<Record<string, FieldVisibility>> = {
    officeLocation: 'manager-chain-and-hr',
    workPhone: 'hr',
  };
  return { ...field, visibility: visibility[field.key] ?? field.visibility };
});
