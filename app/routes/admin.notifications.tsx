import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireAdmin } from '~/auth/user-session.server';
import { getPlatform } from '~/platform.server';
import { countUnsentNotifications, listRecordedNotifications } from '~/services/notifications.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const { env, db } = await getPlatform();
  const recording = !env.NOTIFICATIONS_TOPIC_ARN;
  const [notifications, unsent] = await Promise.all([
    recording ? listRecordedNotifications(db, { limit: 100 }) : Promise.resolve([]),
    countUnsentNotifications(db),
  ]);
  return {
    recording,
    unsent,
    notifications: notifications.map((notification) => ({
      id: notification.id,
      subject: notification.subject,
      topic: notification.topic,
      recordedAt: new Date(notification.recordedAt).toISOString(),
      body: JSON.stringify(notification.message ?? notification.body, null, 2),
      link: notification.message && 'link' in notification.message ? notification.message.link : null,
    })),
  };
}

export default function AdminNotifications() {
  const { recording, unsent, notifications } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>Notifications</h1>
      <p className="muted">
        {recording
          ? 'Local mode: notifications are recorded here instead of going to SNS.'
          : 'Notifications are published to the SNS topic; subscribers receive them by email.'}{' '}
        {unsent > 0 ? `${unsent} waiting in the outbox.` : 'The outbox is empty.'}
      </p>
      {recording && notifications.length === 0 ? <p className="card">No notifications yet.</p> : null}
      {notifications.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Recorded notifications, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When (UTC)</th>
                <th scope="col">Subject</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {notifications.map((notification) => (
                <tr key={notification.id} data-testid="notification">
                  <td>{notification.recordedAt.replace('T', ' ').slice(0, 19)}</td>
                  <td>
                    {notification.subject}
                    <div className="muted">{notification.topic}</div>
                    {notification.link ? (
                      <div>
                        <a href={notification.link} data-testid="notification-link">
                          Open the link
                        </a>
                      </div>
                    ) : null}
                  </td>
                  <td>
                    <pre className="message">{notification.body}</pre>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
