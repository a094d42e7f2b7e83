/**
 * The page's messages, without a per-request serialisation (docs/decisions/334-messages-in-icu-catalogues.md,
 * 337-catalogue-as-a-cached-script.md): on the server, app/entry.server.tsx hands the language's process-wide
 * formatter and its browser catalogue (a script named by its content, made once in app/i18n/catalogue.server.ts)
 * down through ServerIntlContext; the document links that script from <head>, where it runs before the page's
 * modules, and the browser reads it here. A small inline script stores the browser's time zone in a cookie for
 * the next request (app/i18n/locale.server.ts). Browser-safe.
 */
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { createIntl, createIntlCache, RawIntlProvider, useIntl, type IntlShape } from 'react-intl';
import type { Viewer } from './format';
import { DEFAULT_LANGUAGE } from './languages';

export interface ServerIntl {
  intl: IntlShape;
  /** The language's browser catalogue: where it is served. */
  browser: { path: string };
}

export const ServerIntlContext = createContext<ServerIntl | null>(null);

/** The global the catalogue script sets (its body: app/i18n/catalogue.server.ts). */
export const BROWSER_MESSAGES_GLOBAL = '__xyzMessages';
declare global {
  interface Window {
    [BROWSER_MESSAGES_GLOBAL]?: { locale: string; messages: Record<string, string> };
  }
}

let browserIntl: IntlShape | undefined;

function readBrowserIntl(): IntlShape {
  if (!browserIntl) {
    const data = (typeof window !== 'undefined' && window[BROWSER_MESSAGES_GLOBAL]) || {
      locale: DEFAULT_LANGUAGE,
      messages: {},
    };
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

/**
 * In <head>: a classic script (not deferred, not a module) runs before the parser reaches the page's module
 * scripts, so the messages are there when React hydrates. It blocks rendering only as long as the stylesheet
 * beside it already does on a first visit (both fetched at once), and not at all from the browser's cache.
 * Allowed by the CSP's 'self'; the nonce keeps it allowed should the policy drop 'self'.
 */
export function DocumentIntlScript({ nonce }: { nonce?: string }) {
  const server = useContext(ServerIntlContext);
  // In the browser both scripts have already run; React leaves an existing script's attributes and content alone
  // when hydrating, so the browser need not know the catalogue's name.
  return (
    <>
      <script nonce={nonce} src={server?.browser.path} suppressHydrationWarning />
      <script
        nonce={nonce}
        suppressHydrationWarning
        dangerouslySetInnerHTML={{ __html: server ? TIME_ZONE_SCRIPT : '' }}
      />
    </>
  );
}
