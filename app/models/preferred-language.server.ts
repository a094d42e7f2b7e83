/**
 * The language a person chose (migration 020, docs/decisions/335-which-language.md): read with the session
 * (app/models/session-store.server.ts) and here for the archive, written by the switcher's action and, at a join,
 * with the language of the join form. A stored value
 * that is no longer a supported language reads as no choice.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '~/db/database.server';
import { languageSchema, type Language } from '~/i18n/languages';

export const storedLanguageSchema = languageSchema.nullable().catch(null);

export function parseStoredLanguage(value: unknown): Language | null {
  return storedLanguageSchema.parse(value ?? null);
}

export async function getPreferredLanguage(db: Database, employeeId: string): Promise<Language | null> {
  const rows = await db.sequelize.query<{ preferred_language: string | null }>(
    'SELECT preferred_language FROM employees WHERE id = :employeeId',
    { replacements: { employeeId }, type: QueryTypes.SELECT },
  );
  return parseStoredLanguage(rows[0]?.preferred_language);
}

export async function setPreferredLanguage(
  db: Database,
  employeeId: string,
  language: Language | null,
  options: { transaction?: Transaction } = {},
): Promise<void> {
  await db.sequelize.query('UPDATE employees SET preferred_language = :language WHERE id = :employeeId', {
    replacements: { employeeId, language },
    type: QueryTypes.UPDATE,
    transaction: options.transaction,
  });
}
