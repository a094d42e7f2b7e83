import { describe, expect, it } from 'vitest';
import { HELD_MESSAGES } from '~/services/photo-view.server';
import { catalogue } from '~/i18n/catalogue.server';
import { HR_MESSAGES, HR_MESSAGE_PATTERNS, translateHrMessage, translateHrResult } from './hr-messages';

describe("HR's action messages in the page language", () => {
  const english = catalogue('en').intl;
  const german = catalogue('de').intl;

  it('words each listed sentence exactly as the services do, so a changed service message is noticed', () => {
    for (const [message, id] of Object.entries(HR_MESSAGES)) expect(english.formatMessage({ id })).toBe(message);
    for (const message of Object.values(HELD_MESSAGES)) expect(HR_MESSAGES[message]).toBeDefined();
  });

  it('matches the sentences with a part that varies, and keeps that part as written', () => {
    const samples = [
      'Change to “Shoe size” refused; the person is told.',
      'Change to “Shoe size” approved and saved; the person is told.',
      'The value asked for is no longer valid (Required): it cannot be applied. Refuse it with a reason.',
    ];
    samples.forEach((sample, index) => {
      const { id, pattern } = HR_MESSAGE_PATTERNS[index]!;
      expect(english.formatMessage({ id }, pattern.exec(sample)!.groups)).toBe(sample);
    });
    expect(translateHrMessage(german, samples[0]!)).toBe(
      'Änderung an „Shoe size“ abgelehnt; die Person wird informiert.',
    );
  });

  it('translates a result’s message and errors, and leaves English and unknown messages alone', () => {
    expect(
      translateHrResult(german, { ok: false, errors: { form: 'Confirm the deactivation first.', reason: 'Other' } }),
    ).toEqual({ ok: false, errors: { form: 'Bestätigen Sie zuerst die Deaktivierung.', reason: 'Other' } });
    expect(translateHrMessage(german, 'First name is required')).toBe('Vorname ist ein Pflichtfeld');
    expect(translateHrMessage(german, 'An employee with this work email already exists')).toBe(
      'Es gibt bereits eine Person mit dieser geschäftlichen E-Mail-Adresse',
    );
    expect(translateHrMessage(english, 'Reactivated.')).toBe('Reactivated.');
  });
});
