/**
 * Which language an email to one person is in (docs/decisions/338-emails-in-the-recipient-language.md): the
 * language the recipient chose (`employees.preferred_language`, docs/decisions/335-which-language.md), else the
 * language of the page they asked from when they caused the email themselves (the join form, "forgot password"),
 * else English. Emails are worded on the server only: the `email` area is kept out of the pages' catalogue
 * (SERVER_ONLY_AREAS in app/i18n/catalogue.server.ts).
 */
import type { IntlShape } from 'react-intl';
import type { Database } from '~/db/database.server';
import { catalogue } from '~/i18n/catalogue.server';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '~/i18n/languages';
import { getPreferredLanguage } from '~/models/preferred-language.server';

export async function emailLanguage(
  db: Database,
  recipientId: string | null,
  askedIn: string | null | undefined,
): Promise<Language> {
  const chosen = recipientId ? await getPreferredLanguage(db, recipientId) : null;
  if (chosen) return chosen;
  return isLanguage(askedIn) ? askedIn : DEFAULT_LANGUAGE;
}

export function emailIntl(language: Language): IntlShape {
  return catalogue(language).intl;
}

/** "Hello Anna," / "Hallo Anna,"; without a name (nobody known yet): "Hello there,". */
export function emailGreeting(intl: IntlShape, name: string | null): string {
  return name
    ? intl.formatMessage({ id: 'email.greeting' }, { name })
    : intl.formatMessage({ id: 'email.greetingUnnamed' });
}

/** The email's one link: its label, and the text part's line with the link written out ("Choose a new password: …"). */
export function emailAction(intl: IntlShape, label: string, href: string) {
  return { label, href, line: intl.formatMessage({ id: 'email.actionLine' }, { label, href }) };
}
