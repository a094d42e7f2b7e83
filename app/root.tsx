import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteLoaderData,
} from '@remix-run/react';
import { useContext, type ReactNode } from 'react';
import { CspNonceContext } from '~/components/csp-nonce';
import { useIntl } from 'react-intl';
import { getUser } from '~/auth/user-session.server';
import { GeneralErrorBoundary } from '~/components/error-page';
import { LanguageSwitcher } from '~/components/language-switcher';
import { MAIN_ID, RouteChangeFocus } from '~/components/route-focus';
import { DocumentIntl, DocumentIntlScript } from '~/i18n/document-intl';
import { requestLanguage, viewerTimeZone } from '~/i18n/locale.server';
import { useT } from '~/i18n/use-t';
import styles from '~/styles/app.css';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export const meta: MetaFunction = () => [{ title: 'XYZ People' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const nonce = (context as { cspNonce?: unknown } | undefined)?.cspNonce;
  return {
    user: user ? { id: user.id, displayName: user.displayName, role: user.role, status: user.status } : null,
    nonce: typeof nonce === 'string' ? nonce : undefined,
    // The page's messages do not travel in the loader's data: app/entry.server.tsx writes them once per document.
    locale: requestLanguage(request, user?.preferredLanguage),
    timeZone: viewerTimeZone(request),
  };
}

export function useOptionalUser() {
  return useRouteLoaderData<typeof loader>('root')?.user ?? null;
}

function Header() {
  const user = useOptionalUser();
  const t = useT();
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to={user ? '/employees' : '/login'} className="brand">
          <span className="brand__mark" aria-hidden="true">
            XYZ
          </span>
          XYZ People
        </Link>
        <nav className="site-nav" aria-label={t('layout.nav.label')}>
          {user ? (
            <>
              <NavLink to="/employees">{t('layout.nav.directory')}</NavLink>
              {user.status === 'active' ? <NavLink to="/org">{t('layout.nav.orgChart')}</NavLink> : null}
              <NavLink to="/me">{t('layout.nav.myProfile')}</NavLink>
              {user.role === 'admin' && user.status === 'active' ? (
                <NavLink to="/admin">{t('layout.nav.hrAdmin')}</NavLink>
              ) : null}
              <Form method="post" action="/logout">
                <button type="submit" className="button--link">
                  {t('layout.nav.signOut')}
                </button>
              </Form>
            </>
          ) : (
            <>
              <NavLink to="/login">{t('layout.nav.signIn')}</NavLink>
              <NavLink to="/join">{t('layout.nav.join')}</NavLink>
            </>
          )}
        </nav>
        <LanguageSwitcher />
      </div>
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  // A URL no route matches has no root data: the nonce then comes from the render (app/components/csp-nonce.ts).
  const renderNonce = useContext(CspNonceContext);
  return (
    <DocumentIntl locale={data?.locale} timeZone={data?.timeZone}>
      <Document nonce={data?.nonce ?? renderNonce}>{children}</Document>
    </DocumentIntl>
  );
}

function Document({ nonce, children }: { nonce?: string; children: ReactNode }) {
  const t = useT();
  const { locale } = useIntl();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <DocumentIntlScript nonce={nonce} />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t('layout.skipLink')}
        </a>
        <Header />
        <main id={MAIN_ID} tabIndex={-1}>
          {children}
        </main>
        <RouteChangeFocus />
        <footer className="site-footer">
          {t('layout.footer.company')} · <Link to="/privacy">{t('layout.footer.privacy')}</Link>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
