import { describe, expect, it } from 'vitest';
import { passwordSchema, personalPasswordProblem } from '~/auth/password-policy';
import { signInEmailSchema } from '~/auth/sign-in-email';
import { checkChosenPhoto, UNREADABLE_PHOTO_MESSAGE } from '~/components/photo-choice';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { controlCharacterMessage } from '~/utils/control-characters';
import { JOIN_LINK_EXPIRED_MESSAGE } from '~/utils/join-link-messages';
import { STORE_UNAVAILABLE_MESSAGE } from '~/utils/store-unavailable.server';
import { catalogue } from './catalogue.server';
import {
  FIELD_LABELS,
  FORM_ERROR_PATTERNS,
  matchFormError,
  translateFieldErrors,
  translateFormError,
} from './form-errors';

/** The messages the join form's schemas give for a spread of bad input. */
function joinFormMessages(): string[] {
  const messages = new Set<string>();
  const profiles: Array<Record<string, unknown>> = [
    {},
    {
      firstName: '1abc',
      lastName: 'a\u0001',
      preferredName: '<b>',
      workEmail: 'nope',
      workPhone: 'call me',
      jobTitle: ' ',
      department: 'x'.repeat(81),
      managerId: 'not-a-uuid',
      officeLocation: 'Berlin\u0007',
      startDate: '07/12/2026',
      bio: 'x'.repeat(2001),
      skills: Array.from({ length: 13 }, (_, index) => `skill${index}`).join(','),
      personalEmail: 'also nope',
    },
    { skills: 'x'.repeat(40) + ', c@t' },
    { skills: 'x'.repeat(1001) },
    { startDate: '2026-02-31', firstName: '' },
  ];
  for (const profile of profiles) {
    const parsed = employeeFieldsSchema.safeParse(profile);
    for (const issue of parsed.success ? [] : parsed.error.issues) messages.add(issue.message);
  }
  for (const password of [undefined, 'short', 'password1234', 'aaaaaaaaaaaa', 'x'.repeat(201)]) {
    const parsed = passwordSchema.safeParse(password);
    for (const issue of parsed.success ? [] : parsed.error.issues) messages.add(issue.message);
  }
  const emailSchema = signInEmailSchema({ missing: 'Enter your work email', invalid: 'Enter a valid email address' });
  for (const email of [undefined, '', 'nope', `${'a'.repeat(250)}@x.example`]) {
    const parsed = emailSchema.safeParse(email);
    for (const issue of parsed.success ? [] : parsed.error.issues) messages.add(issue.message);
  }
  messages.add(personalPasswordProblem('annaschmidt1', { names: ['Anna'], email: 'annaschmidt@x.example' })!);
  messages.add(controlCharacterMessage('Manager'));
  messages.add(checkChosenPhoto({ type: 'image/jpeg', size: 9 * 1024 * 1024 }, 2)!);
  messages.add(UNREADABLE_PHOTO_MESSAGE);
  messages.add(JOIN_LINK_EXPIRED_MESSAGE);
  messages.add(STORE_UNAVAILABLE_MESSAGE);
  messages.add('Use your company email (@xyz.example).');
  return [...messages];
}

describe('form errors in the page language', () => {
  const english = catalogue('en').intl;
  const german = catalogue('de').intl;

  it('has a pattern for every message the join form gives', () => {
    const unmatched = joinFormMessages().filter((message) => !matchFormError(message));
    expect(unmatched).toEqual([]);
  });

  it('words each matched message exactly as English does, so a changed schema message is noticed', () => {
    for (const message of joinFormMessages()) {
      const { id, values } = matchFormError(message)!;
      expect(english.formatMessage({ id }, values)).toBe(message);
    }
  });

  it('names every field label the patterns can capture', () => {
    for (const [label, id] of Object.entries(FIELD_LABELS)) expect(english.formatMessage({ id })).toBe(label);
    expect(FORM_ERROR_PATTERNS.length).toBeGreaterThan(40);
  });

  it('translates a message and the field it names, and leaves English and unknown messages alone', () => {
    expect(translateFormError(german, 'First name is required')).toBe('Vorname ist ein Pflichtfeld');
    expect(translateFormError(german, 'Shoe size must be a number, such as 42 or 3.5')).toBe(
      'Shoe size: Geben Sie eine Zahl ein, etwa 42 oder 3,5',
    );
    expect(translateFormError(catalogue('fr').intl, 'Use at least 10 characters')).toBe(
      'Mot de passe : au moins 10 caractères',
    );
    // A manager that would close a loop: the names put back into the German sentence as they were.
    expect(
      translateFormError(
        german,
        'Ana Line cannot report to Bo Line: Bo Line reports to Ana Line, which would make a loop.',
      ),
    ).toBe('Ana Line kann nicht an Bo Line berichten: Bo Line berichtet an Ana Line, das ergäbe einen Kreis.');
    expect(
      translateFormError(
        german,
        'Ana Line cannot report to Di Line: Di Line already reports to Ana Line through Bo Line, then Cy Line, which would make a loop.',
      ),
    ).toBe(
      'Ana Line kann nicht an Di Line berichten: Di Line berichtet bereits über Bo Line und Cy Line an Ana Line, das ergäbe einen Kreis.',
    );
    // A size in the language's decimals: "2,5" in German, not "2.5".
    expect(translateFormError(german, 'This photo is 2.5 MB; the limit is 2 MB. Choose a smaller one.')).toBe(
      'Dieses Foto ist 2,5 MB groß; erlaubt sind 2 MB. Wählen Sie ein kleineres.',
    );
    expect(translateFormError(english, 'First name is required')).toBe('First name is required');
    expect(translateFormError(german, 'Something nobody wrote a pattern for')).toBe(
      'Something nobody wrote a pattern for',
    );
    expect(translateFieldErrors(catalogue('es').intl, { workEmail: 'Enter a valid email address' })).toEqual({
      workEmail: 'Introduzca una dirección de correo válida',
    });
  });
});
