/**
 * The language switcher's action (app/components/language-switcher.tsx): a supported language, stored on the
 * person when signed in (migration 020) and in the `lang` cookie either way, so the choice outlives signing out;
 * then back to the page it came from, a path on this site only (docs/decisions/335-which-language.md). /me's
 * setting (app/components/language-setting.tsx) may also send "browser": the stored choice and the cookie are
 * cleared, so the browser's Accept-Language decides again.
 */
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { assertSameOrigin } from '~/auth/csrf.server';
import { safeRedirect } from '~/auth/safe-redirect';
import { getUser } from '~/auth/user-session.server';
import { BROWSER_LANGUAGE_CHOICE, languageSchema } from '~/i18n/languages';
import { clearedLanguageCookie, languageCookie } from '~/i18n/locale.server';
import { setPreferredLanguage } from '~/models/preferred-language.server';
import { getPlatform } from '~/platform.server';
import { readFormBody } from '~/utils/form-body.server';

const choiceSchema = z.object({
  language: languageSchema.or(z.literal(BROWSER_LANGUAGE_CHOICE)),
  redirectTo: z.string().max(2000).optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  const platform = await getPlatform();
  assertSameOrigin(request, platform.env.PUBLIC_URL);
  const parsed = choiceSchema.safeParse(Object.fromEntries(await readFormBody(request)));
  if (!parsed.success) throw new Response('Choose one of the languages offered.', { status: 400 });
  const { language, redirectTo } = parsed.data;
  const stored = language === BROWSER_LANGUAGE_CHOICE ? null : language;
  const user = await getUser(request);
  if (user) {
    await setPreferredLanguage(platform.db, user.id, stored);
    platform.log.info('language chosen', { employeeId: user.id, language: stored });
  }
  // Secure exactly when the session cookie is (app/auth/user-session.server.ts).
  const secure = platform.env.APP_ENV === 'aws' || Boolean(platform.env.PUBLIC_URL?.startsWith('https://'));
  const cookie = stored ? languageCookie(stored, secure) : clearedLanguageCookie(secure);
  return redirect(safeRedirect(redirectTo, '/'), { headers: { 'Set-Cookie': cookie } });
}

export async function loader() {
  throw redirect('/');
}
