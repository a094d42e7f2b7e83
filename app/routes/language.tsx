/**
 * The language switcher's action (app/components/language-switcher.tsx): a supported language, stored on the
 * person when signed in (migration 020) and in the `lang` cookie either way, so the choice outlives signing out;
 * then back to the page it came from, a path on this site only (docs/decisions/335-which-language.md).
 */
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { assertSameOrigin } from '~/auth/csrf.server';
import { safeRedirect } from '~/auth/safe-redirect';
import { getUser } from '~/auth/user-session.server';
import { languageSchema } from '~/i18n/languages';
import { languageCookie } from '~/i18n/locale.server';
import { setPreferredLanguage } from '~/models/preferred-language.server';
import { getPlatform } from '~/platform.server';
import { readFormBody } from '~/utils/form-body.server';

const choiceSchema = z.object({
  language: languageSchema,
  redirectTo: z.string().max(2000).optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  const platform = await getPlatform();
  assertSameOrigin(request, platform.env.PUBLIC_URL);
  const parsed = choiceSchema.safeParse(Object.fromEntries(await readFormBody(request)));
  if (!parsed.success) throw new Response('Choose one of the languages offered.', { status: 400 });
  const { language, redirectTo } = parsed.data;
  const user = await getUser(request);
  if (user) {
    await setPreferredLanguage(platform.db, user.id, language);
    platform.log.info('language chosen', { employeeId: user.id, language });
  }
  // Secure exactly when the session cookie is (app/auth/user-session.server.ts).
  const secure = platform.env.APP_ENV === 'aws' || Boolean(platform.env.PUBLIC_URL?.startsWith('https://'));
  return redirect(safeRedirect(redirectTo, '/'), { headers: { 'Set-Cookie': languageCookie(language, secure) } });
}

export async function loader() {
  throw redirect('/');
}
