import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireAdmin } from '~/auth/user-session.server';
import { useRefreshWhile } from '~/components/refresh-while';
import { getPlatform } from '~/platform.server';
import {
  listPersonalEmails,
  listQueuedNotifications,
  listSentNotifications,
  listUnreachableAddresses,
} from '~/services/notification-feed.server';

export const meta: MetaFunction = () => [{ title: 'Notifications · XYZ People' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const platform = await getPlatform();
  // Sent messages are kept here only where the app records them itself (no SNS topic configured).
  const recording = !platform.env.NOTIFICATIONS_TOPIC_ARN;
  const [queued, sent, emails, unreachable] = await Promise.all([
    listQueuedNotifications(platform),
    recording ? listSentNotifications(platform) : Promise.resolve([]),
    listPersonalEmails(platform),
    // The bounce list comes from SES: if it cannot be read, the rest of the page still helps.
    listUnreachableAddresses(platform).catch((error: unknown) => {
      platform.log.warn('could not read the mail suppression list', { error });
      return null;
    }),
  ]);
  return { recording, queued, sent, emails, unreachable };
}

const STATE_LABELS = { queued: 'Queued', sending: 'Sending', retrying: 'Retrying', sent: 'Sent' } as const;
const REASON_LABELS = { bounce: 'Bounced', complaint: 'Marked as spam' } as const;

function when(iso: string): string {
  return `${iso.replace('T', ' ').slice(0, 16)} UTC`;
}

export default function AdminNotifications() {
  const { recording, queued, sent, emails, unreachable } = useLoaderData<typeof loader>();
  // Queued messages go out within seconds: with JavaScript the page follows them until they are sent.
  useRefreshWhile(queued.length > 0 || emails.some((email) => email.state !== 'sent'));
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Notifications</h1>
        <p className="muted">
          {recording
            ? 'The messages sent to HR about new profiles, and the emails sent to employees about their own profile, newest first.'
            : 'Messages to HR go out by email through the notification topic; this page shows the ones still on their way, and the emails sent to employees.'}
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
              {notification.raw ? (
                <details>
                  <summary>The message as sent (JSON)</summary>
                  <pre className="message">{notification.raw}</pre>
                </details>
              ) : null}
            </article>
          ))}
        </section>
      ) : null}

      <section aria-labelledby="emails-heading" className="stack">
        <h2 id="emails-heading">Emails to employees</h2>
        <p className="muted">
          Activations, rejections and password-reset links go to each employee&apos;s work email. Their content stays
          with the employee: a reset link signs in to the account.
        </p>
        {emails.length === 0 ? <p className="card">No emails yet.</p> : null}
        {emails.map((email) => (
          <article
            key={email.id}
            className="card notification"
            data-testid="personal-email"
            data-state={email.state}
            aria-labelledby={`email-${email.id}`}
          >
            <h3 id={`email-${email.id}`}>
              {email.subject}{' '}
              <span className={email.state === 'sent' ? 'badge' : 'badge badge--pending'}>
                {STATE_LABELS[email.state]}
              </span>
            </h3>
            <p className="muted">
              To {email.recipient} · {when(email.at)}
            </p>
          </article>
        ))}
      </section>

      <section aria-labelledby="unreachable-heading" className="stack">
        <h2 id="unreachable-heading">Addresses that do not receive email</h2>
        {unreachable === null ? (
          <p className="card" role="alert">
            The list of bounced addresses could not be read just now. Try again in a minute.
          </p>
        ) : unreachable.length === 0 ? (
          <p className="card">No employee&apos;s email has bounced or been marked as spam.</p>
        ) : (
          <ul className="card" data-testid="unreachable-addresses">
            {unreachable.map((entry) => (
              <li key={entry.address}>
                <a href={`/admin/employees/${entry.employee.id}`}>{entry.employee.displayName}</a> ({entry.address}
                ): {REASON_LABELS[entry.reason]} on {when(entry.since)}. Notices to this address are not delivered until
                it is fixed.
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
