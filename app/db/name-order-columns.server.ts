/**
 * The employee row's name keys (migration 021): the directory's order in each collation (app/i18n/name-order.ts),
 * and the given name and job title folded for the SQL prefix search ("zoe" finds "Zoë"). Derived from the name on
 * the row itself, so they leave with the row at erasure and are stored nowhere else
 * (docs/decisions/336-names-in-each-language-order.md).
 */
import { foldTerm } from '~/i18n/fold-text';
import { NAME_COLLATIONS, nameOrderKey, type NameCollation } from '~/i18n/name-order';

/** Each collation's column. A collation added to NAME_COLLATIONS needs one here, and a migration adding it. */
export const NAME_ORDER_COLUMNS = {
  root: { attribute: 'nameOrder', column: 'name_order' },
  es: { attribute: 'nameOrderEs', column: 'name_order_es' },
} as const satisfies Record<NameCollation, { attribute: string; column: string }>;

export type NameOrderAttribute = (typeof NAME_ORDER_COLUMNS)[NameCollation]['attribute'];

/** Each collation's key of "last first", the text the directory orders by (as sort_name always has). */
export function nameOrderColumns(fields: { firstName: string; lastName: string }): Record<NameOrderAttribute, string> {
  const name = `${fields.lastName} ${fields.firstName}`;
  return Object.fromEntries(
    NAME_COLLATIONS.map((collation) => [NAME_ORDER_COLUMNS[collation].attribute, nameOrderKey(name, collation)]),
  ) as Record<NameOrderAttribute, string>;
}

/** The given-name and job-title keys of the SQL prefix search: lower case, diacritics folded. */
export function foldedSearchKeys(fields: { firstName: string; preferredName?: string | null; jobTitle: string }) {
  return {
    givenNameKey: foldTerm(fields.preferredName || fields.firstName),
    jobTitleKey: foldTerm(fields.jobTitle),
  };
}
