/**
 * The language switcher: a small form posting to /language (app/routes/language.tsx), which stores the choice
 * and comes back to this page. A whole-document submit, because the page's messages come with the document
 * (app/i18n/document-intl.tsx). Without JavaScript the button sends it; with it, choosing is enough (the
 * button, in <noscript>, is then not shown).
 */
import { Form, useLocation } from '@remix-run/react';
import { useIntl } from 'react-intl';
import { LANGUAGE_NAMES, SUPPORTED_LANGUAGES } from '~/i18n/languages';
import { useT } from '~/i18n/use-t';

export function LanguageSwitcher() {
  const t = useT();
  const { locale } = useIntl();
  const location = useLocation();
  return (
    <Form method="post" action="/language" reloadDocument className="language-switcher">
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <label htmlFor="language-switcher">{t('language.label')}</label>
      <select
        id="language-switcher"
        name="language"
        defaultValue={locale}
        onChange={(event) => event.currentTarget.form?.requestSubmit()}
      >
        {SUPPORTED_LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </select>
      {/* With JavaScript, choosing is enough; the button is for browsers without it. */}
      <noscript>
        <button type="submit" className="button--secondary language-switcher__submit">
          {t('language.submit')}
        </button>
      </noscript>
    </Form>
  );
}
