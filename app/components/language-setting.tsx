/**
 * /me's language setting (docs/decisions/335-which-language.md): the person's stored choice, or none ("my
 * browser's language"), which clears it so the browser's Accept-Language decides again. It posts to /language
 * (app/routes/language.tsx), as the header's switcher does, as a whole-document submit: the page's messages come
 * with the document (app/i18n/document-intl.tsx).
 */
import { Form } from '@remix-run/react';
import { BROWSER_LANGUAGE_CHOICE, LANGUAGE_NAMES, SUPPORTED_LANGUAGES, type Language } from '~/i18n/languages';
import { useT } from '~/i18n/use-t';
import { SelectField } from './field';

export function LanguageSetting({ chosen, browser }: { chosen: Language | null; browser: Language }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="language-heading" data-testid="language-setting">
      <h2 id="language-heading">{t('me.language.heading')}</h2>
      <p className="muted" data-testid="language-current" data-chosen={chosen ?? BROWSER_LANGUAGE_CHOICE}>
        {chosen
          ? t('me.language.chosen', { language: LANGUAGE_NAMES[chosen] })
          : t('me.language.none', { language: LANGUAGE_NAMES[browser] })}
      </p>
      <Form method="post" action="/language" reloadDocument className="narrow-start">
        <input type="hidden" name="redirectTo" value="/me" />
        <SelectField
          name="language"
          id="me-language"
          label={t('me.language.label')}
          defaultValue={chosen ?? BROWSER_LANGUAGE_CHOICE}
        >
          <option value={BROWSER_LANGUAGE_CHOICE}>
            {t('me.language.browserOption', { language: LANGUAGE_NAMES[browser] })}
          </option>
          {SUPPORTED_LANGUAGES.map((language) => (
            <option key={language} value={language} lang={language}>
              {LANGUAGE_NAMES[language]}
            </option>
          ))}
        </SelectField>
        <button type="submit">{t('me.language.save')}</button>
      </Form>
    </section>
  );
}
