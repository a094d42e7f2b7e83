import { describe, expect, it } from 'vitest';
import { catalogue } from '~/i18n/catalogue.server';
import { MESSAGE_WORDS, wordWebhookMessage } from './webhook-words';

describe("the webhook page's messages in HR's language", () => {
  const english = catalogue('en').intl;
  const german = catalogue('de').intl;

  it('words each listed sentence exactly as the service does, so a changed service message is noticed', () => {
    for (const [message, id] of Object.entries(MESSAGE_WORDS)) expect(english.formatMessage({ id })).toBe(message);
  });

  it('words a refused address with its reason, the host and address kept as written', () => {
    const refused = (reason: string) =>
      `This address is refused: ${reason}. Webhooks go to public HTTPS endpoints only.`;
    expect(wordWebhookMessage(german, refused('hooks.internal resolves to 10.0.0.7, not a public address'))).toBe(
      'Diese Adresse wird abgelehnt: hooks.internal verweist auf 10.0.0.7, keine öffentliche Adresse. Webhooks gehen nur an öffentliche HTTPS-Endpunkte.',
    );
    expect(wordWebhookMessage(german, refused('nowhere.example could not be resolved (ENOTFOUND)'))).toContain(
      'nowhere.example konnte nicht aufgelöst werden (ENOTFOUND)',
    );
    expect(wordWebhookMessage(german, refused('10.1.2.3 is not a public address'))).toContain(
      '10.1.2.3 ist keine öffentliche Adresse',
    );
    // English stays exactly as the service wrote it.
    const message = refused('localhost is this machine, not a public address');
    expect(wordWebhookMessage(english, message)).toBe(message);
    expect(wordWebhookMessage(german, 'Endpoint “Payroll” registered.')).toBe('Endpunkt „Payroll“ registriert.');
  });
});
