/**
 * Webhooks to other systems (docs/decisions/329-signed-webhooks.md): HR registers an endpoint (a name, its URL, the
 * events it hears) and reads its signing secret once; disables, enables, deletes it or rotates its secret; and reads
 * the delivery log (status, attempts, the last answer, the next attempt) with "send again". HR admins only.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireAdmin } from '~/auth/user-session.server';
import { Field, FormError } from '~/components/field';
import { useViewer } from '~/i18n/document-intl';
import { formatDateTime, formatNumber } from '~/i18n/format';
import { useT } from '~/i18n/use-t';
import { getPlatform } from '~/platform.server';
import { requestIntl } from '~/services/request-intl.server';
import { wordWebhookMessage } from './admin/webhook-words';
import { readFormBody } from '~/utils/form-body.server';
import { privateTargetsAllowed } from '~/config/webhook-settings.server';
import { listWebhookEndpoints } from '~/models/webhook-endpoints.server';
import { listRecentWebhookDeliveries } from '~/models/webhook-deliveries.server';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_EVENT_TYPE_NAMES } from '~/services/webhooks/payload.server';
import { MAX_ATTEMPTS } from '~/services/webhooks/delivery-runner.server';
import {
  runWebhookAdminAction,
  type WebhookAdminResult,
  type WebhookForm,
} from '~/services/webhooks/webhook-admin.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Webhooks · XYZ People' }];

/** What each event means, by its type (app/services/webhooks/payload.server.ts holds the English). */
const EVENT_WORDS: Record<string, string> = {
  'employee.created': 'adminWebhooks.event.created',
  'employee.updated': 'adminWebhooks.event.updated',
  'employee.status-changed': 'adminWebhooks.event.statusChanged',
  'employee.role-changed': 'adminWebhooks.event.roleChanged',
  'employee.photo-ready': 'adminWebhooks.event.photoReady',
  'employee.deleted': 'adminWebhooks.event.deleted',
};

const STATE_WORDS: Record<string, string> = {
  pending: 'adminWebhooks.state.pending',
  delivered: 'adminWebhooks.state.delivered',
  failed: 'adminWebhooks.state.failed',
  cancelled: 'adminWebhooks.state.cancelled',
};

const LOG_ROWS = 100;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const platform = await getPlatform();
  const endpoints = await listWebhookEndpoints(platform.db);
  const deliveries = await listRecentWebhookDeliveries(platform.db, { limit: LOG_ROWS });
  const now = Date.now();
  return {
    title: (await requestIntl(request)).formatMessage({ id: 'adminWebhooks.pageTitle' }),
    // Values from server modules reach the page through the loader: `.server` modules never reach the browser.
    eventTypes: WEBHOOK_EVENT_TYPE_NAMES.map((type) => ({ type, label: WEBHOOK_EVENT_TYPES[type] })),
    maxAttempts: MAX_ATTEMPTS,
    strict: !privateTargetsAllowed(platform.env),
    noEgress: platform.env.WEBHOOK_EGRESS === 'none',
    noKey: platform.env.APP_ENV === 'aws' && !platform.env.WEBHOOK_SECRETS_KEY_ARN,
    endpoints: endpoints.map((endpoint) => ({
      id: endpoint.id,
      name: endpoint.name,
      url: endpoint.url,
      eventTypes: endpoint.eventTypes,
      enabled: endpoint.enabled,
      rotating: endpoint.secrets.some((secret) => secret.retiresAt !== null && Date.parse(secret.retiresAt) > now),
    })),
    deliveries: deliveries.map((delivery) => ({
      id: delivery.id,
      endpointName: delivery.endpointName,
      eventType: delivery.eventType,
      employeeId: delivery.employeeId,
      status: delivery.status,
      attempts: delivery.attempts,
      lastStatusCode: delivery.lastStatusCode,
      lastResponse: delivery.lastResponse,
      nextAttemptAt: delivery.status === 'pending' ? (delivery.nextAttemptAt?.toISOString() ?? null) : null,
      at: delivery.createdAt.toISOString(),
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const platform = await getPlatform();
  const body = await readFormBody(request);
  const text = (name: string, max: number) => {
    const value = body.get(name);
    return typeof value === 'string' ? value.slice(0, max) : undefined;
  };
  const form: WebhookForm = {
    intent: text('intent', 20),
    name: text('name', 200),
    url: text('url', 4096),
    events: body
      .getAll('events')
      .slice(0, 20)
      .filter((value): value is string => typeof value === 'string')
      .map((value) => value.slice(0, 64)),
    id: text('id', 64),
    deliveryId: text('deliveryId', 20),
  };
  const result = await runWebhookAdminAction(platform, form);
  const intl = await requestIntl(request);
  const word = <T extends string | undefined>(message: T): T =>
    (message === undefined ? message : wordWebhookMessage(intl, message)) as T;
  if (result.ok) return { ...result, message: word(result.message) };
  const errors = Object.fromEntries(Object.entries(result.errors).map(([name, message]) => [name, word(message)]));
  return data({ ...result, errors }, { status: result.status });
}

export default function WebhooksPage() {
  const { eventTypes, maxAttempts, strict, noEgress, noKey, endpoints, deliveries } = useLoaderData<typeof loader>();
  const result = useActionData() as WebhookAdminResult | undefined;
  const busy = useNavigation().state === 'submitting';
  const failed = result && !result.ok ? result : null;
  const t = useT();
  const viewer = useViewer();
  const when = (iso: string) => formatDateTime(Date.parse(iso), viewer);
  return (
    <div className="stack">
      <div className="page-head">
        <h1>{t('adminWebhooks.heading')}</h1>
        <p className="muted">{t('adminWebhooks.intro', { attempts: maxAttempts })}</p>
      </div>
      {noEgress ? (
        <p className="alert alert--error" role="alert">
          {t('adminWebhooks.noEgress')}
        </p>
      ) : null}
      {noKey ? (
        <p className="alert alert--error" role="alert">
          {t('adminWebhooks.noKey')}
        </p>
      ) : null}
      {result?.ok ? (
        <p className="alert alert--success" role="status">
          {result.message}
        </p>
      ) : null}
      {result?.ok && result.secret ? (
        <section className="card stack" aria-labelledby="secret-heading" data-testid="signing-secret">
          <h2 id="secret-heading">{t('adminWebhooks.secret.heading', { name: result.secret.endpointName })}</h2>
          <p>{t('adminWebhooks.secret.text')}</p>
          <p>
            <code>{result.secret.value}</code>
          </p>
        </section>
      ) : null}
      <FormError message={failed?.errors.form} />

      <section className="card stack" aria-labelledby="register-heading">
        <h2 id="register-heading">{t('adminWebhooks.register.heading')}</h2>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="register" />
          <Field name="name" label={t('adminWebhooks.register.name')} maxLength={80} error={failed?.errors.name} />
          <Field
            name="url"
            label={t('adminWebhooks.register.url')}
            type="url"
            wide
            hint={strict ? t('adminWebhooks.register.urlStrict') : t('adminWebhooks.register.urlLoose')}
            error={failed?.errors.url}
          />
          <fieldset className="field field--wide" aria-describedby={failed?.errors.events ? 'events-error' : undefined}>
            <legend>{t('adminWebhooks.register.events')}</legend>
            {eventTypes.map(({ type, label }) => (
              <label key={type} className="checkbox">
                <input type="checkbox" name="events" value={type} /> <code>{type}</code>:{' '}
                {Object.hasOwn(EVENT_WORDS, type) ? t(EVENT_WORDS[type]) : label}
              </label>
            ))}
            {failed?.errors.events ? (
              <span className="field__error" id="events-error" role="alert">
                {failed.errors.events}
              </span>
            ) : null}
          </fieldset>
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t('adminWebhooks.register.submit')}
            </button>
          </div>
        </Form>
      </section>

      <section className="stack" aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading">{t('adminWebhooks.endpoints.heading')}</h2>
        {endpoints.length === 0 ? <p>{t('adminWebhooks.endpoints.none')}</p> : null}
        {endpoints.map((endpoint) => (
          <article key={endpoint.id} className="card stack" data-testid="webhook-endpoint">
            <h3>
              {endpoint.name}{' '}
              {endpoint.enabled ? null : <span className="muted">{t('adminWebhooks.endpoints.disabled')}</span>}
            </h3>
            <p>
              <code>{endpoint.url}</code>
            </p>
            <p className="muted">
              {endpoint.eventTypes.join(', ')}
              {endpoint.rotating ? t('adminWebhooks.endpoints.rotating') : ''}
            </p>
            <Form
              method="post"
              className="actions"
              aria-label={t('adminWebhooks.endpoints.manage', { name: endpoint.name })}
            >
              <input type="hidden" name="id" value={endpoint.id} />
              <button type="submit" name="intent" value={endpoint.enabled ? 'disable' : 'enable'} disabled={busy}>
                {endpoint.enabled ? t('adminWebhooks.endpoints.disable') : t('adminWebhooks.endpoints.enable')}
              </button>
              <button type="submit" name="intent" value="rotate" disabled={busy}>
                {t('adminWebhooks.endpoints.rotate')}
              </button>
              <button type="submit" name="intent" value="delete" className="button--danger" disabled={busy}>
                {t('adminWebhooks.endpoints.delete')}
              </button>
            </Form>
          </article>
        ))}
      </section>

      <section className="stack" aria-labelledby="log-heading">
        <h2 id="log-heading">{t('adminWebhooks.log.heading')}</h2>
        {deliveries.length === 0 ? (
          <p>{t('adminWebhooks.log.none')}</p>
        ) : (
          <div className="table-wrap">
            <table data-testid="webhook-log">
              <thead>
                <tr>
                  <th scope="col">{t('adminWebhooks.log.written')}</th>
                  <th scope="col">{t('adminWebhooks.log.endpoint')}</th>
                  <th scope="col">{t('adminWebhooks.log.event')}</th>
                  <th scope="col">{t('adminWebhooks.log.status')}</th>
                  <th scope="col">{t('adminWebhooks.log.attempts')}</th>
                  <th scope="col">{t('adminWebhooks.log.lastAnswer')}</th>
                  <th scope="col">{t('adminWebhooks.log.nextAttempt')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('adminWebhooks.log.action')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {deliveries.map((delivery) => (
                  <tr key={delivery.id}>
                    <td>{when(delivery.at)}</td>
                    <td>{delivery.endpointName}</td>
                    <td>
                      <code>{delivery.eventType}</code>
                      <br />
                      <span className="muted">{delivery.employeeId}</span>
                    </td>
                    <td>
                      {Object.hasOwn(STATE_WORDS, delivery.status) ? t(STATE_WORDS[delivery.status]) : delivery.status}
                    </td>
                    <td>{formatNumber(delivery.attempts, viewer.locale)}</td>
                    <td>
                      {delivery.lastStatusCode ?? (delivery.lastResponse ? t('adminWebhooks.log.noAnswer') : '')}
                      {delivery.lastResponse ? <span className="muted"> {delivery.lastResponse}</span> : null}
                    </td>
                    <td>{delivery.nextAttemptAt ? when(delivery.nextAttemptAt) : ''}</td>
                    <td>
                      {delivery.status === 'pending' ? null : (
                        <Form method="post">
                          <input type="hidden" name="deliveryId" value={delivery.id} />
                          <button type="submit" name="intent" value="resend" disabled={busy}>
                            {t('adminWebhooks.log.sendAgain')}
                          </button>
                        </Form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
