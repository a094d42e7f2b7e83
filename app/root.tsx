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
import type { ReactNode } from 'react';
import { getUser } from '~/auth/user-session.server';
import { GeneralErrorBoundary } from '~/components/error-page';
import { MAIN_ID, RouteChangeFocus } from '~/components/route-focus';
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
  };
}

export function useOptionalUser() {
  return useRouteLoaderData<typeof loader>('root')?.user ?? null;
}

function Header() {
  const user = useOptionalUser();
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to={user ? '/employees' : '/login'} className="brand">
          <span className="brand__mark" aria-hidden="true">
            XYZ
          </span>
          XYZ People
        </Link>
        <nav className="site-nav" aria-label="Main">
          {user ? (
            <>
              <NavLink to="/employees">Directory</NavLink>
              {user.status === 'active' ? <NavLink to="/org">Org chart</NavLink> : null}
              <NavLink to="/me">My profile</NavLink>
              {user.role === 'admin' && user.status === 'active' ? <NavLink to="/admin">HR admin</NavLink> : null}
              <Form method="post" action="/logout">
                <button type="submit" className="button--link">
                  Sign out
                </button>
              </Form>
            </>
          ) : (
            <>
              <NavLink to="/login">Sign in</NavLink>
              <NavLink to="/join">Join</NavLink>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useRouteLoaderData<typeof loader>('root')?.nonce;
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <Header />
        <main id={MAIN_ID} tabIndex={-1}>
          {children}
        </main>
        <RouteChangeFocus />
        <footer className="site-footer">
          XYZ Company · Employee profiles · <Link to="/privacy">Privacy</Link>
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
