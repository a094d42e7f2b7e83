/**
 * HR's SCIM connections (docs/decisions/330-scim-tokens.md): a token per identity provider
 * connection, shown once with the base URL to paste into Entra ID or Okta; the list with who created each, when it
 * expires and when it was last used; revocation after a confirmation; and the history of both.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { requireAdmin } from '~/auth/user-session.server';
import { CopyButton } from '~/components/copy-button';
import { GeneralErrorBoundary } from '~/components/error-page';
import { Field, FormError, SelectField } from '~/components/field';
import { getPlatform } from '~/platform.server';
import { scimBaseUrl } from '~/services/scim/discovery.server';
import {
  loadScimConnections,
  runScimConnectionAction,
  SCIM_TOKEN_LIFETIMES_DAYS,
  type ScimConnectionResult,
} from '~/services/scim/scim-connections.server';
import { readFormBody } from '~/utils/form-body.server';

export const meta: MetaFunction = () => [{ title: 'Provisioning (SCIM) · XYZ People' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const platform = await getPlatform();
  const { tokens, history } = await loadScimConnections(platform);
  const now = Date.now();
  return {
    baseUrl: scimBaseUrl(platform.env),
    // From the loader: a value of a .server module is not in the browser's bundle.
    lifetimes: SCIM_TOKEN_LIFETIMES_DAYS,
    tokens: tokens.map((token) => ({
      id: token.id,
      name: token.name,
      createdByName: token.createdByName,
      createdAt: token.createdAt.toISOString(),
      expiresAt: token.expiresAt.toISOString(),
      lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
      revokedAt: token.revokedAt?.toISOString() ?? null,
      state: token.revokedAt ? 'revoked' : token.expiresAt.getTime() <= now ? 'expired' : 'live',
    })),
    history,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const result = await runScimConnectionAction(await getPlatform(), await readFormBody(request), admin.id);
  return result.ok ? result : data(result, { status: 400 });
}

function when(iso: string | null): string {
  return iso ? `${iso.replace('T', ' ').slice(0, 16)} UTC` : 'Never';
}

const STATE_LABELS = { live: 'Active', expired: 'Expired', revoked: 'Revoked' } as const;

export default function AdminScim() {
  const { baseUrl, lifetimes, tokens, history } = useLoaderData<typeof loader>();
  const result = useActionData<ScimConnectionResult>();
  const busy = useNavigation().state === 'submitting';
  const [params] = useSearchParams();
  const revoking = tokens.find((token) => token.id === params.get('revoke') && token.state !== 'revoked');
  const createErrors = result && !result.ok && result.intent === 'create' ? result : null;
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Provisioning (SCIM)</h1>
        <p className="muted">
          Connect the company’s identity provider (Entra ID, Okta) so that joiners, changes and leavers arrive here by
          themselves. Give each connection its own token: it works only for provisioning, never to sign in or open a
          page.
        </p>
      </div>

      {result?.ok && result.intent === 'create' ? (
        <section className="card alert alert--success" aria-labelledby="new-token-heading" data-testid="new-token">
          <h2 id="new-token-heading">Token for “{result.name}”</h2>
          <p>
            Copy it now: it is shown only this once. Paste it into the identity provider with the base URL below; it
            expires on {when(result.expiresAt)}.
          </p>
          <Field name="token" label="Secret token" readOnly value={result.token} wide />
          <CopyButton text={result.token} label="Copy the token" />
          <Field name="baseUrl" label="Tenant URL (base URL)" readOnly value={baseUrl} wide />
          <CopyButton text={baseUrl} label="Copy the URL" />
        </section>
      ) : null}
      {result?.ok && result.intent === 'revoke' ? (
        <p className="alert alert--success" role="status">
          The token “{result.name}” is revoked: its connection is refused from now on.
        </p>
      ) : null}
      {result && !result.ok && result.intent === 'revoke' ? <FormError message={result.errors.id} /> : null}

      {revoking ? (
        <section className="card" aria-labelledby="revoke-heading">
          <h2 id="revoke-heading">Revoke “{revoking.name}”?</h2>
          <p>
            The identity provider using it is refused at once: no more joiners, changes or leavers arrive through it
            until it is given a new token.
          </p>
          <Form method="post" action="/admin/scim">
            <input type="hidden" name="intent" value="revoke" />
            <input type="hidden" name="id" value={revoking.id} />
            <div className="actions">
              <button type="submit" className="button--danger" disabled={busy}>
                Revoke the token
              </button>
              <Link to="/admin/scim">Cancel</Link>
            </div>
          </Form>
        </section>
      ) : null}

      <section className="card stack" aria-labelledby="create-heading">
        <h2 id="create-heading">New connection</h2>
        <p className="muted">
          The base URL for every connection is <code>{baseUrl}</code>.
        </p>
        {/* A new key after a token is made empties the form, so a second click does not make a second token. */}
        <Form method="post" noValidate key={result?.ok && result.intent === 'create' ? result.expiresAt : 'create'}>
          <input type="hidden" name="intent" value="create" />
          <div className="form-grid">
            <Field
              name="name"
              label="Name"
              hint="Which identity provider uses it, e.g. “Entra ID production”."
              required
              maxLength={80}
              defaultValue={createErrors?.values.name ?? ''}
              error={createErrors?.errors.name}
            />
            <SelectField
              name="expiresInDays"
              label="Expires after"
              required
              defaultValue={createErrors?.values.expiresInDays ?? '365'}
              error={createErrors?.errors.expiresInDays}
            >
              {lifetimes.map((days) => (
                <option key={days} value={String(days)}>
                  {days} days
                </option>
              ))}
            </SelectField>
          </div>
          <div className="actions">
            <button type="submit" disabled={busy}>
              Create a token
            </button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="tokens-heading" className="stack">
        <h2 id="tokens-heading">Tokens</h2>
        {tokens.length === 0 ? (
          <p className="muted">No connection yet.</p>
        ) : (
          <div className="table-wrap">
            <table data-testid="scim-tokens">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Created</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Last used</th>
                  <th scope="col">State</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((token) => (
                  <tr key={token.id}>
                    <td>{token.name}</td>
                    <td>
                      {when(token.createdAt)} by {token.createdByName ?? 'a former employee'}
                    </td>
                    <td>{when(token.expiresAt)}</td>
                    <td>{when(token.lastUsedAt)}</td>
                    <td>
                      {STATE_LABELS[token.state as keyof typeof STATE_LABELS]}
                      {token.revokedAt ? ` on ${when(token.revokedAt)}` : ''}
                    </td>
                    <td>
                      {token.state === 'revoked' ? null : (
                        <Link to={`/admin/scim?revoke=${token.id}`} aria-label={`Revoke ${token.name}`}>
                          Revoke…
                        </Link>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {history.length > 0 ? (
        <section aria-labelledby="history-heading" className="stack">
          <h2 id="history-heading">History</h2>
          <ul data-testid="scim-token-history">
            {history.map((entry, index) => (
              <li key={index}>
                {when(entry.at)}: {entry.actorName ?? 'a former employee'} {entry.change} the token “
                {entry.tokenName ?? 'unknown'}”
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
