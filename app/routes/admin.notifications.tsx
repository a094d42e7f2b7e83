import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireAdmin } from '~/auth/user-session.server';
import { useRefreshWhile } from '~/components/refresh-while';
import { getPlatform } from '~/platform.server';
import { listQueuedNotifications, listSentNotifications } from '~/services/notification-feed.server';

export const meta: MetaFunction = () => [{ title: 'Notifications · XYZ People' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const platform = await getPlatform();
  // Sent messages are kept here only where the app records them itself (no SNS topic configured).
  const recording = !platform.env.NOTIFICATIONS_TOPIC_ARN;
  const [queued, sent] = await Promise.all([
    listQueuedNotifications(platform),
    recording ? listSentNotifications(platform) : Promise.resolve([]),
  ]);
  return { recording, queued, sent };
}

const STATE_LABELS = { queued: 'Queued', sending: 'Sending', retrying: 'Retrying' } as const;

function when(iso: string): string {
  return `${iso.replace('T', ' ').slice(0, 16)} UTC`;
}

export default function AdminNotifications() {
  const { recording, queued, sent } = useLoaderData<typeof loader>();
  // Queued messages go out within seconds: with JavaScript the page follows them until they are sent.
  useRefreshWhile(queued.length > 0);
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Notifications</h1>
        <p className="muted">
          {recording
            ? 'The messages sent to HR and to employees about profiles (new profiles, activations, rejections, password resets), newest first.'
            : 'Messages to HR and to employees go out by email; this page shows the ones still on their way.'}
        </p>
      </div>

      <section aria-labelledby="queued-heading" className="stack">
        <h2 id="queued-heading">
          {queued.length === 0 ? 'Nothing waiting to be sent' : `Waiting to be sent (${queued.length})`}
        </h2>
        {queued.map((notification) => (
          <article
            key={notification.id}
            className="card notification notification--queued"
            data-testid="queued-notification"
            data-state={notification.state}
            aria-labelledby={`queued-${notification.id}`}
          >
            <h3 id={`queued-${notification.id}`}>
              {notification.subject} <span className="badge badge--pending">{STATE_LABELS[notification.state]}</span>
            </h3>
            <p className="muted">
              To {notification.recipient} · {when(notification.at)}
            </p>
            {notification.text ? <p>{notification.text}</p> : null}
          </article>
        ))}
      </section>

      {recording ? (
        <section aria-labelledby="sent-heading" className="stack">
          <h2 id="sent-heading">Sent</h2>
          {sent.length === 0 ? <p className="card">No messages yet.</p> : null}
          {sent.map((notification) => (
            <article
              key={notification.id}
              className="card notification"
              data-testid="notification"
              aria-labelledby={`sent-${notification.id}`}
            >
              <h3 id={`sent-${notification.id}`}>{notification.subject}</h3>
              <p className="muted">
                To {notification.recipient} · {when(notification.at)}
              </p>
              {notification.text ? <p>{notification.text}</p> : null}
              {notification.link ? (
                <p>
                  <a href={notification.link.href} data-testid="notification-link">
                    {notification.link.label}
                  </a>
                </p>
              ) : null}
              <details>
                <summary>The message as sent (JSON)</summary>
                <pre className="message">{notification.raw}</pre>
              </details>
            </article>
          ))}
        </section>
      ) : null}
    </div>
  );
}
