import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireAdmin } from '~/auth/user-session.server';
import { useRefreshWhile } from '~/components/refresh-while';
import { useViewer } from '~/i18n/document-intl';
import { formatDateTime } from '~/i18n/format';
import { useT } from '~/i18n/use-t';
import { getPlatform } from '~/platform.server';
import { requestIntl } from '~/services/request-intl.server';
import {
  listPersonalEmails,
  listQueuedNotifications,
  listSentNotifications,
  listUnreachableAddresses,
} from '~/services/notification-feed.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Notifications · XYZ People' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const platform = await getPlatform();
  const intl = await requestIntl(request);
  // Sent messages are kept here only where the app records them itself (no SNS topic configured).
  const recording = !platform.env.NOTIFICATIONS_TOPIC_ARN;
  const [queued, sent, emails, unreachable] = await Promise.all([
    listQueuedNotifications(platform, undefined, intl),
    recording ? listSentNotifications(platform, undefined, intl) : Promise.resolve([]),
    listPersonalEmails(platform),
    // The bounce list comes from SES: if it cannot be read, the rest of the page still helps.
    listUnreachableAddresses(platform).catch((error: unknown) => {
      platform.log.warn('could not read the mail suppression list', { error });
      return null;
    }),
  ]);
  return {
    title: intl.formatMessage({ id: 'adminNotifications.pageTitle' }),
    recording,
    queued,
    sent,
    emails,
    unreachable,
  };
}

const STATE_LABELS = {
  queued: 'adminNotifications.state.queued',
  sending: 'adminNotifications.state.sending',
  retrying: 'adminNotifications.state.retrying',
  sent: 'adminNotifications.state.sent',
} as const;

export default function AdminNotifications() {
  const { recording, queued, sent, emails, unreachable } = useLoaderData<typeof loader>();
  // Queued messages go out within seconds: with JavaScript the page follows them until they are sent.
  useRefreshWhile(queued.length > 0 || emails.some((email) => email.state !== 'sent'));
  const t = useT();
  const viewer = useViewer();
  const when = (iso: string) => formatDateTime(Date.parse(iso), viewer);
  return (
    <div className="stack">
      <div className="page-head">
        <h1>{t('adminNotifications.heading')}</h1>
        <p className="muted">
          {recording ? t('adminNotifications.introRecording') : t('adminNotifications.introTopic')}
        </p>
      </div>

      <section aria-labelledby="queued-heading" className="stack">
        <h2 id="queued-heading">
          {queued.length === 0
            ? t('adminNotifications.queued.none')
            : t('adminNotifications.queued.heading', { count: queued.length })}
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
              {notification.subject} <span className="badge badge--pending">{t(STATE_LABELS[notification.state])}</span>
            </h3>
            <p className="muted">
              {t('adminNotifications.to', { recipient: notification.recipient, when: when(notification.at) })}
            </p>
            {notification.text ? <p>{notification.text}</p> : null}
          </article>
        ))}
      </section>

      {recording ? (
        <section aria-labelledby="sent-heading" className="stack">
          <h2 id="sent-heading">{t('adminNotifications.sent.heading')}</h2>
          {sent.length === 0 ? <p className="card">{t('adminNotifications.sent.none')}</p> : null}
          {sent.map((notification) => (
            <article
              key={notification.id}
              className="card notification"
              data-testid="notification"
              aria-labelledby={`sent-${notification.id}`}
            >
              <h3 id={`sent-${notification.id}`}>{notification.subject}</h3>
              <p className="muted">
                {t('adminNotifications.to', { recipient: notification.recipient, when: when(notification.at) })}
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
                  <summary>{t('adminNotifications.sent.raw')}</summary>
                  <pre className="message">{notification.raw}</pre>
                </details>
              ) : null}
            </article>
          ))}
        </section>
      ) : null}

      <section aria-labelledby="emails-heading" className="stack">
        <h2 id="emails-heading">{t('adminNotifications.emails.heading')}</h2>
        <p className="muted">{t('adminNotifications.emails.intro')}</p>
        {emails.length === 0 ? <p className="card">{t('adminNotifications.emails.none')}</p> : null}
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
                {t(STATE_LABELS[email.state])}
              </span>
            </h3>
            <p className="muted">{t('adminNotifications.to', { recipient: email.recipient, when: when(email.at) })}</p>
          </article>
        ))}
      </section>

      <section aria-labelledby="unreachable-heading" className="stack">
        <h2 id="unreachable-heading">{t('adminNotifications.unreachable.heading')}</h2>
        {unreachable === null ? (
          <p className="card" role="alert">
            {t('adminNotifications.unreachable.unreadable')}
          </p>
        ) : unreachable.length === 0 ? (
          <p className="card">{t('adminNotifications.unreachable.none')}</p>
        ) : (
          <ul className="card" data-testid="unreachable-addresses">
            {unreachable.map((entry) => (
              <li key={entry.address}>
                <a href={`/admin/employees/${entry.employee.id}`}>{entry.employee.displayName}</a> ({entry.address}
                ): {t('adminNotifications.unreachable.entry', { reason: entry.reason, when: when(entry.since) })}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
