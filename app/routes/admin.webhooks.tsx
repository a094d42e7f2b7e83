/**
 * Webhooks to other systems (docs/decisions/329-signed-webhooks.md): HR registers an endpoint (a name, its URL, the
 * events it hears) and reads its signing secret once; disables, enables, deletes it or rotates its secret; and reads
 * the delivery log (status, attempts, the last answer, the next attempt) with "send again". HR admins only.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireAdmin } from '~/auth/user-session.server';
import { Field, FormError } from '~/components/field';
import { getPlatform } from '~/platform.server';
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

export const meta: MetaFunction = () => [{ title: 'Webhooks · XYZ People' }];

const LOG_ROWS = 100;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const platform = await getPlatform();
  const endpoints = await listWebhookEndpoints(platform.db);
  const deliveries = await listRecentWebhookDeliveries(platform.db, { limit: LOG_ROWS });
  const now = Date.now();
  return {
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
  return result.ok ? result : data(result, { status: result.status });
}

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export default function WebhooksPage() {
  const { eventTypes, maxAttempts, strict, noEgress, noKey, endpoints, deliveries } = useLoaderData<typeof loader>();
  const result = useActionData() as WebhookAdminResult | undefined;
  const busy = useNavigation().state === 'submitting';
  const failed = result && !result.ok ? result : null;
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Webhooks</h1>
        <p className="muted">
          Other systems (payroll, IT, chat) can hear about changes: each event is sent to every endpoint that asked for
          it, signed as the Standard Webhooks specification describes. A message carries ids, the kind of change and,
          for an update, the names of the fields that changed (only fields everyone at the company may see), never their
          values. Failed deliveries are tried again for about 5 hours ({maxAttempts} attempts).
        </p>
      </div>
      {noEgress ? (
        <p className="alert alert--error" role="alert">
          This installation has no route to the internet (its private egress is VPC endpoints only): webhooks cannot
          leave it and every delivery will fail. The stack’s PrivateEgress=NatGateway setting gives them a way out.
        </p>
      ) : null}
      {noKey ? (
        <p className="alert alert--error" role="alert">
          No key to encrypt signing secrets is configured (WEBHOOK_SECRETS_KEY_ARN): endpoints cannot be registered. The
          stack creates this key; an instance without it was started by an older version of the stack, which an update
          of the stack replaces.
        </p>
      ) : null}
      {result?.ok ? (
        <p className="alert alert--success" role="status">
          {result.message}
        </p>
      ) : null}
      {result?.ok && result.secret ? (
        <section className="card stack" aria-labelledby="secret-heading" data-testid="signing-secret">
          <h2 id="secret-heading">Signing secret for “{result.secret.endpointName}”</h2>
          <p>Copy it into the receiving system now: it is shown this once.</p>
          <p>
            <code>{result.secret.value}</code>
          </p>
        </section>
      ) : null}
      <FormError message={failed?.errors.form} />

      <section className="card stack" aria-labelledby="register-heading">
        <h2 id="register-heading">Register an endpoint</h2>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="register" />
          <Field name="name" label="Name (the system it is for)" maxLength={80} error={failed?.errors.name} />
          <Field
            name="url"
            label="URL"
            type="url"
            wide
            hint={strict ? 'HTTPS on a public address.' : 'This installation also allows http and local addresses.'}
            error={failed?.errors.url}
          />
          <fieldset className="field field--wide" aria-describedby={failed?.errors.events ? 'events-error' : undefined}>
            <legend>Events</legend>
            {eventTypes.map(({ type, label }) => (
              <label key={type} className="checkbox">
                <input type="checkbox" name="events" value={type} /> <code>{type}</code>: {label}
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
              Register
            </button>
          </div>
        </Form>
      </section>

      <section className="stack" aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading">Endpoints</h2>
        {endpoints.length === 0 ? <p>No endpoints yet.</p> : null}
        {endpoints.map((endpoint) => (
          <article key={endpoint.id} className="card stack" data-testid="webhook-endpoint">
            <h3>
              {endpoint.name} {endpoint.enabled ? null : <span className="muted">(disabled)</span>}
            </h3>
            <p>
              <code>{endpoint.url}</code>
            </p>
            <p className="muted">
              {endpoint.eventTypes.join(', ')}
              {endpoint.rotating ? ' · the previous secret still signs too (rotation under way)' : ''}
            </p>
            <Form method="post" className="actions" aria-label={`Manage ${endpoint.name}`}>
              <input type="hidden" name="id" value={endpoint.id} />
              <button type="submit" name="intent" value={endpoint.enabled ? 'disable' : 'enable'} disabled={busy}>
                {endpoint.enabled ? 'Disable' : 'Enable'}
              </button>
              <button type="submit" name="intent" value="rotate" disabled={busy}>
                Rotate secret
              </button>
              <button type="submit" name="intent" value="delete" className="button--danger" disabled={busy}>
                Delete
              </button>
            </Form>
          </article>
        ))}
      </section>

      <section className="stack" aria-labelledby="log-heading">
        <h2 id="log-heading">Delivery log</h2>
        {deliveries.length === 0 ? (
          <p>Nothing sent yet.</p>
        ) : (
          <div className="table-wrap">
            <table data-testid="webhook-log">
              <thead>
                <tr>
                  <th scope="col">Written</th>
                  <th scope="col">Endpoint</th>
                  <th scope="col">Event</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Last answer</th>
                  <th scope="col">Next attempt</th>
                  <th scope="col">
                    <span className="visually-hidden">Action</span>
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
                    <td>{delivery.status}</td>
                    <td>{delivery.attempts}</td>
                    <td>
                      {delivery.lastStatusCode ?? (delivery.lastResponse ? 'no answer' : '')}
                      {delivery.lastResponse ? <span className="muted"> {delivery.lastResponse}</span> : null}
                    </td>
                    <td>{delivery.nextAttemptAt ? when(delivery.nextAttemptAt) : ''}</td>
                    <td>
                      {delivery.status === 'pending' ? null : (
                        <Form method="post">
                          <input type="hidden" name="deliveryId" value={delivery.id} />
                          <button type="submit" name="intent" value="resend" disabled={busy}>
                            Send again
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
