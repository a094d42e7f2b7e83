/**
 * The language a request is answered in and its formatter, for loaders and actions that word something on the
 * server (a page title, a form error): the person's stored choice if signed in, else the browser's
 * (app/i18n/locale.server.ts). The session lookup is shared with the rest of the request (getUser caches it).
 */
import type { IntlShape } from 'react-intl';
import { getUser } from '~/auth/user-session.server';
import { catalogue } from '~/i18n/catalogue.server';
import type { Language } from '~/i18n/languages';
import { requestLanguage } from '~/i18n/locale.server';

export async function languageOfRequest(request: Request): Promise<Language> {
  const user = await getUser(request);
  return requestLanguage(request, user?.preferredLanguage);
}

export async function requestIntl(request: Request): Promise<IntlShape> {
  return catalogue(await languageOfRequest(request)).intl;
}
