/**
 * The webhook page's messages in HR's language. The service (app/services/webhooks/webhook-admin.server.ts) words
 * them in English; this page-side map turns each into a catalogue id, the varying parts (an endpoint's name, a host,
 * an address) kept as written.
 */
import type { IntlShape } from 'react-intl';

/**
 * The service's fixed messages (app/services/webhooks/webhook-admin.server.ts) as the catalogue's ids; a message
 * not listed is shown as the service words it.
 */
export const MESSAGE_WORDS: Record<string, string> = {
  'Endpoint enabled: new events are sent to it.': 'adminWebhooks.message.enabled',
  'Endpoint disabled: its waiting deliveries are cancelled.': 'adminWebhooks.message.disabled',
  'Endpoint deleted, with its delivery log.': 'adminWebhooks.message.deleted',
  'New signing secret: messages carry a signature with the old one too for the next 24 hours.':
    'adminWebhooks.message.rotated',
  'The delivery will be sent again within seconds.': 'adminWebhooks.message.resent',
  'Name the endpoint (the system it is for).': 'adminWebhooks.error.nameMissing',
  'Keep the name to 80 characters.': 'adminWebhooks.error.nameTooLong',
  'Use one line of plain text.': 'adminWebhooks.error.nameOneLine',
  'Pick events from the list.': 'adminWebhooks.error.eventsFromList',
  'Pick at least one event.': 'adminWebhooks.error.eventsNone',
  'That delivery is gone or already waiting to be sent.': 'adminWebhooks.error.deliveryGone',
  'Unknown action: reload the page and try again.': 'adminWebhooks.error.unknownAction',
  'That endpoint no longer exists: reload the page.': 'adminWebhooks.error.endpointGone',
  // The URL's form rules (app/services/webhooks/target-rules.server.ts).
  'Enter the endpoint’s URL.': 'adminWebhooks.error.urlMissing',
  'The URL is too long (2,048 characters at most).': 'adminWebhooks.error.urlTooLong',
  'Enter a full URL, such as https://hooks.example.com/people.': 'adminWebhooks.error.urlNotFull',
  'The URL must start with https://.': 'adminWebhooks.error.urlHttps',
  'Use http or https.': 'adminWebhooks.error.urlScheme',
  'Leave user names and passwords out of the URL.': 'adminWebhooks.error.urlCredentials',
  'Use the standard HTTPS port (443): the servers may connect out on that port only.': 'adminWebhooks.error.urlPort',
  'Leave the #fragment out of the URL.': 'adminWebhooks.error.urlFragment',
};
const REGISTERED = /^Endpoint “(.*)” registered\.$/s;

/** An address refused at registration: the resolver's reason (app/services/webhooks/target-rules.server.ts). */
const REFUSED = /^This address is refused: (.+)\. Webhooks go to public HTTPS endpoints only\.$/s;
const REFUSAL_REASONS: Array<{ id: string; pattern: RegExp }> = [
  { id: 'adminWebhooks.refused.thisMachine', pattern: /^(?<host>.+) is this machine, not a public address$/s },
  { id: 'adminWebhooks.refused.unresolved', pattern: /^(?<host>.+) could not be resolved \((?<code>[^)]*)\)$/s },
  { id: 'adminWebhooks.refused.noAddress', pattern: /^(?<host>.+) has no address$/s },
  {
    id: 'adminWebhooks.refused.resolvesPrivate',
    pattern: /^(?<host>.+) resolves to (?<address>.+), not a public address$/s,
  },
  { id: 'adminWebhooks.refused.notPublic', pattern: /^(?<host>.+) is not a public address$/s },
];

export function wordWebhookMessage(intl: IntlShape, message: string): string {
  const registered = REGISTERED.exec(message);
  if (registered) return intl.formatMessage({ id: 'adminWebhooks.message.registered' }, { name: registered[1] });
  const refused = REFUSED.exec(message);
  if (refused) {
    const reason = REFUSAL_REASONS.map(({ id, pattern }) => ({ id, match: pattern.exec(refused[1]) })).find(
      ({ match }) => match,
    );
    return intl.formatMessage(
      { id: 'adminWebhooks.error.addressRefused' },
      { reason: reason ? intl.formatMessage({ id: reason.id }, { ...reason.match!.groups }) : refused[1] },
    );
  }
  return Object.hasOwn(MESSAGE_WORDS, message) ? intl.formatMessage({ id: MESSAGE_WORDS[message] }) : message;
}
