/**
 * The page's messages, without a per-request serialisation (docs/decisions/334-messages-in-icu-catalogues.md):
 * on the server, app/entry.server.tsx hands the language's process-wide formatter and its JSON (made once, in
 * app/i18n/catalogue.server.ts) down through ServerIntlContext; the document writes that JSON into one inline
 * script, which the browser runs before hydrating and reads here. The same script stores the browser's time zone
 * in a cookie for the next request (app/i18n/locale.server.ts). Browser-safe.
 */
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { createIntl, createIntlCache, RawIntlProvider, useIntl, type IntlShape } from 'react-intl';
import type { Viewer } from './format';
import { DEFAULT_LANGUAGE } from './languages';

export interface ServerIntl {
  intl: IntlShape;
  serialized: string;
}

export const ServerIntlContext = createContext<ServerIntl | null>(null);

const GLOBAL = '__xyzMessages';
declare global {
  interface Window {
    [GLOBAL]?: { locale: string; messages: Record<string, string> };
  }
}

let browserIntl: IntlShape | undefined;

function readBrowserIntl(): IntlShape {
  if (!browserIntl) {
    const data = (typeof window !== 'undefined' && window[GLOBAL]) || { locale: DEFAULT_LANGUAGE, messages: {} };
    browserIntl = createIntl(
      { locale: data.locale, defaultLocale: DEFAULT_LANGUAGE, messages: data.messages },
      createIntlCache(),
    );
  }
  return browserIntl;
}

const TimeZoneContext = createContext('UTC');

/** The viewer's language and time zone, for the formats of app/i18n/format.ts. */
export function useViewer(): Viewer {
  return { locale: useIntl().locale, timeZone: useContext(TimeZoneContext) };
}

/**
 * `locale`: the language the root loader chose; a page that moved to another one (signing in) reloads once.
 * `timeZone`: the viewer's (app/i18n/locale.server.ts).
 */
export function DocumentIntl({
  locale,
  timeZone = 'UTC',
  children,
}: {
  locale?: string;
  timeZone?: string;
  children: ReactNode;
}) {
  const server = useContext(ServerIntlContext);
  const intl = server?.intl ?? readBrowserIntl();
  useEffect(() => {
    // The messages came with the document; a client-side navigation that changes the language needs a new one.
    if (locale && locale !== intl.locale) window.location.reload();
  }, [locale, intl.locale]);
  return (
    <RawIntlProvider value={intl}>
      <TimeZoneContext.Provider value={timeZone}>{children}</TimeZoneContext.Provider>
    </RawIntlProvider>
  );
}

const TIME_ZONE_SCRIPT =
  'try{var z=Intl.DateTimeFormat().resolvedOptions().timeZone;' +
  'if(z&&document.cookie.indexOf("tz="+encodeURIComponent(z))<0)' +
  'document.cookie="tz="+encodeURIComponent(z)+";path=/;max-age=31536000;samesite=lax"}catch(e){}';

/** In <head>: runs before the page's modules, so the messages are there when React hydrates. */
export function DocumentIntlScript({ nonce }: { nonce?: string }) {
  const server = useContext(ServerIntlContext);
  // In the browser the script has already run; React leaves an existing script's content alone when hydrating.
  const html = server ? `window.${GLOBAL}=${server.serialized};${TIME_ZONE_SCRIPT}` : '';
  return <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: html }} />;
}
