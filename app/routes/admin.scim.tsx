/**
 * HR's SCIM connections (docs/decisions/330-scim-tokens.md): a token per identity provider
 * connection, shown once with the base URL to paste into Entra ID or Okta; the list with who created each, when it
 * expires and when it was last used; revocation after a confirmation; and the history of both.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useIntl } from 'react-intl';
import { requireAdmin } from '~/auth/user-session.server';
import { CopyButton } from '~/components/copy-button';
import { GeneralErrorBoundary } from '~/components/error-page';
import { Field, FormError, SelectField } from '~/components/field';
import { useViewer } from '~/i18n/document-intl';
import { formatDateTime, type Viewer } from '~/i18n/format';
import { useT } from '~/i18n/use-t';
import { getPlatform } from '~/platform.server';
import { requestIntl } from '~/services/request-intl.server';
import { scimBaseUrl } from '~/services/scim/discovery.server';
import {
  loadScimConnections,
  runScimConnectionAction,
  SCIM_TOKEN_LIFETIMES_DAYS,
  type ScimConnectionResult,
} from '~/services/scim/scim-connections.server';
import { readFormBody } from '~/utils/form-body.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? 'Provisioning (SCIM) · XYZ People' },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const platform = await getPlatform();
  const { tokens, history } = await loadScimConnections(platform);
  const now = Date.now();
  return {
    title: (await requestIntl(request)).formatMessage({ id: 'adminScim.pageTitle' }),
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

/** The service's messages (app/services/scim/scim-connections.server.ts) as the catalogue's ids. */
const ERROR_WORDS: Record<string, string> = {
  'Name the connection': 'adminScim.error.nameMissing',
  'Choose when the token expires': 'adminScim.error.expiry',
  'Unknown token': 'adminScim.error.unknownToken',
  'This token was already revoked': 'adminScim.error.alreadyRevoked',
};
const TOO_LONG = /^The name must be at most (\d+) characters$/;

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const result = await runScimConnectionAction(await getPlatform(), await readFormBody(request), admin.id);
  if (result.ok) return result;
  // Worded in the request's language here, where the language is known; a message not listed stays as it is.
  const intl = await requestIntl(request);
  const word = (message: string | undefined) => {
    if (message === undefined) return message;
    const long = TOO_LONG.exec(message);
    if (long) return intl.formatMessage({ id: 'adminScim.error.nameTooLong' }, { max: Number(long[1]) });
    return Object.hasOwn(ERROR_WORDS, message) ? intl.formatMessage({ id: ERROR_WORDS[message] }) : message;
  };
  const errors = Object.fromEntries(Object.entries(result.errors).map(([name, message]) => [name, word(message)]));
  return data({ ...result, errors } as typeof result, { status: 400 });
}

function when(iso: string | null, viewer: Viewer, never: string): string {
  return iso ? formatDateTime(Date.parse(iso), viewer) : never;
}

const STATE_LABELS = {
  live: 'adminScim.tokens.live',
  expired: 'adminScim.tokens.expired',
  revoked: 'adminScim.tokens.revokedState',
} as const;

export default function AdminScim() {
  const { baseUrl, lifetimes, tokens, history } = useLoaderData<typeof loader>();
  const result = useActionData<ScimConnectionResult>();
  const busy = useNavigation().state === 'submitting';
  const [params] = useSearchParams();
  const revoking = tokens.find((token) => token.id === params.get('revoke') && token.state !== 'revoked');
  const createErrors = result && !result.ok && result.intent === 'create' ? result : null;
  const t = useT();
  const intl = useIntl();
  const viewer = useViewer();
  const at = (iso: string | null) => when(iso, viewer, t('adminScim.tokens.never'));
  return (
    <div className="stack">
      <div className="page-head">
        <h1>{t('adminScim.heading')}</h1>
        <p className="muted">{t('adminScim.intro')}</p>
      </div>

      {result?.ok && result.intent === 'create' ? (
        <section className="card alert alert--success" aria-labelledby="new-token-heading" data-testid="new-token">
          <h2 id="new-token-heading">{t('adminScim.newToken.heading', { name: result.name })}</h2>
          <p>{t('adminScim.newToken.text', { expires: at(result.expiresAt) })}</p>
          <Field name="token" label={t('adminScim.newToken.secret')} readOnly value={result.token} wide />
          <CopyButton text={result.token} label={t('adminScim.newToken.copyToken')} />
          <Field name="baseUrl" label={t('adminScim.newToken.baseUrl')} readOnly value={baseUrl} wide />
          <CopyButton text={baseUrl} label={t('adminScim.newToken.copyUrl')} />
        </section>
      ) : null}
      {result?.ok && result.intent === 'revoke' ? (
        <p className="alert alert--success" role="status">
          {t('adminScim.revoked', { name: result.name })}
        </p>
      ) : null}
      {result && !result.ok && result.intent === 'revoke' ? <FormError message={result.errors.id} /> : null}

      {revoking ? (
        <section className="card" aria-labelledby="revoke-heading">
          <h2 id="revoke-heading">{t('adminScim.revoke.heading', { name: revoking.name })}</h2>
          <p>{t('adminScim.revoke.text')}</p>
          <Form method="post" action="/admin/scim">
            <input type="hidden" name="intent" value="revoke" />
            <input type="hidden" name="id" value={revoking.id} />
            <div className="actions">
              <button type="submit" className="button--danger" disabled={busy}>
                {t('adminScim.revoke.submit')}
              </button>
              <Link to="/admin/scim">{t('adminScim.revoke.cancel')}</Link>
            </div>
          </Form>
        </section>
      ) : null}

      <section className="card stack" aria-labelledby="create-heading">
        <h2 id="create-heading">{t('adminScim.create.heading')}</h2>
        <p className="muted">
          {intl.formatMessage(
            { id: 'adminScim.create.baseUrl' },
            { url: baseUrl, code: (chunks) => <code key="url">{chunks}</code> },
          )}
        </p>
        {/* A new key after a token is made empties the form, so a second click does not make a second token. */}
        <Form method="post" noValidate key={result?.ok && result.intent === 'create' ? result.expiresAt : 'create'}>
          <input type="hidden" name="intent" value="create" />
          <div className="form-grid">
            <Field
              name="name"
              label={t('adminScim.create.name')}
              hint={t('adminScim.create.nameHint')}
              required
              maxLength={80}
              defaultValue={createErrors?.values.name ?? ''}
              error={createErrors?.errors.name}
            />
            <SelectField
              name="expiresInDays"
              label={t('adminScim.create.expiresAfter')}
              required
              defaultValue={createErrors?.values.expiresInDays ?? '365'}
              error={createErrors?.errors.expiresInDays}
            >
              {lifetimes.map((days) => (
                <option key={days} value={String(days)}>
                  {t('adminScim.create.days', { days })}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t('adminScim.create.submit')}
            </button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="tokens-heading" className="stack">
        <h2 id="tokens-heading">{t('adminScim.tokens.heading')}</h2>
        {tokens.length === 0 ? (
          <p className="muted">{t('adminScim.tokens.none')}</p>
        ) : (
          <div className="table-wrap">
            <table data-testid="scim-tokens">
              <thead>
                <tr>
                  <th scope="col">{t('adminScim.tokens.name')}</th>
                  <th scope="col">{t('adminScim.tokens.created')}</th>
                  <th scope="col">{t('adminScim.tokens.expires')}</th>
                  <th scope="col">{t('adminScim.tokens.lastUsed')}</th>
                  <th scope="col">{t('adminScim.tokens.state')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('adminScim.tokens.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((token) => (
                  <tr key={token.id}>
                    <td>{token.name}</td>
                    <td>
                      {t('adminScim.tokens.createdBy', {
                        when: at(token.createdAt),
                        name: token.createdByName ?? t('adminScim.tokens.formerEmployee'),
                      })}
                    </td>
                    <td>{at(token.expiresAt)}</td>
                    <td>{at(token.lastUsedAt)}</td>
                    <td data-testid="scim-token-state">
                      {token.revokedAt
                        ? t('adminScim.tokens.revokedOn', { when: at(token.revokedAt) })
                        : t(STATE_LABELS[token.state as keyof typeof STATE_LABELS])}
                    </td>
                    <td>
                      {token.state === 'revoked' ? null : (
                        <Link
                          to={`/admin/scim?revoke=${token.id}`}
                          aria-label={t('adminScim.tokens.revokeLabel', { name: token.name })}
                        >
                          {t('adminScim.tokens.revokeLink')}
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
          <h2 id="history-heading">{t('adminScim.history.heading')}</h2>
          <ul data-testid="scim-token-history">
            {history.map((entry, index) => (
              <li key={index}>
                {t('adminScim.history.entry', {
                  when: at(entry.at),
                  actor: entry.actorName ?? t('adminScim.tokens.formerEmployee'),
                  change: entry.change,
                  token: entry.tokenName ?? t('adminScim.history.unknownToken'),
                })}
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
