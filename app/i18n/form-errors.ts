/**
 * Form errors worded in English by schemas that pages not yet translated share (the profile fields, the password
 * rule, the photo checks, the fields HR defines), put into the page's language: each known English message is
 * matched by its pattern, and the catalogue's message with the same id is formatted with what the pattern
 * captured. A captured field name is a label of the profile form and is translated too; an HR-defined field's
 * label is data HR typed and stays as it is. English messages pass through untouched; an unknown message also
 * does (English is better than nothing), and app/i18n/form-errors.test.ts fails when a message the join form
 * can give has no pattern, or a pattern's English text stops matching its catalogue entry. Browser-safe.
 */
import type { IntlShape } from 'react-intl';
import { DEFAULT_LANGUAGE } from './languages';
import { formatList } from './format';

/** The profile form's field names as its messages write them, and their catalogue ids. */
export const FIELD_LABELS: Record<string, string> = {
  'First name': 'formErrors.field.firstName',
  'Last name': 'formErrors.field.lastName',
  'Preferred name': 'formErrors.field.preferredName',
  'Work email': 'formErrors.field.workEmail',
  'Work phone': 'formErrors.field.workPhone',
  'Job title': 'formErrors.field.jobTitle',
  Department: 'formErrors.field.department',
  Office: 'formErrors.field.office',
  'Short bio': 'formErrors.field.bio',
  'Personal email': 'formErrors.field.personalEmail',
  'Personal phone': 'formErrors.field.personalPhone',
  'Emergency contact name': 'formErrors.field.emergencyContactName',
  'Emergency contact phone': 'formErrors.field.emergencyContactPhone',
  Manager: 'formErrors.field.manager',
};

/** In order: the first match wins, so a pattern naming a field comes before the same words without one. */
export const FORM_ERROR_PATTERNS: Array<{ id: string; pattern: RegExp }> = [
  { id: 'formErrors.required', pattern: /^(?<field>.+) is required$/ },
  { id: 'formErrors.fieldTooLong', pattern: /^(?<field>.+) must be at most (?<max>\d+) characters$/ },
  { id: 'formErrors.tooLong', pattern: /^must be at most (?<max>\d+) characters$/ },
  { id: 'formErrors.phone', pattern: /^may contain only digits, spaces and \+ \( \) - \. x$/ },
  { id: 'formErrors.email', pattern: /^Enter a valid email address$/ },
  { id: 'formErrors.name', pattern: /^(?<field>.+) may contain letters, spaces, apostrophes, hyphens and dots$/ },
  {
    id: 'formErrors.controlCharacters',
    pattern: /^(?<field>.+) may not contain control characters \(such as a tab or an invisible character\)$/,
  },
  { id: 'formErrors.skillsTooLong', pattern: /^Skills: too long$/ },
  { id: 'formErrors.skillsCount', pattern: /^List at most (?<max>\d+) skills\.$/ },
  { id: 'formErrors.skillLength', pattern: /^Keep each skill under (?<max>\d+) characters\.$/ },
  {
    id: 'formErrors.skillsCharacters',
    pattern: /^Skills may contain letters, digits, spaces and \+ # \. \/ - only, separated by commas\.$/,
  },
  { id: 'formErrors.managerPick', pattern: /^Pick a manager from the list$/ },
  {
    id: 'formErrors.managerUnknown',
    pattern: /^No active employee has this work email\. Pick a manager from the suggestions\.$/,
  },
  {
    id: 'formErrors.managerHowTo',
    pattern: /^Pick your manager from the suggestions as you type their name, or enter their work email\.$/,
  },
  { id: 'formErrors.managerSelf', pattern: /^You cannot be your own manager\.$/ },
  { id: 'formErrors.companyEmail', pattern: /^Use your company email \((?<domains>.+)\)\.$/ },
  { id: 'formErrors.dateFormat', pattern: /^Use the date format YYYY-MM-DD$/ },
  { id: 'formErrors.realDate', pattern: /^Enter a real date$/ },
  { id: 'formErrors.fieldDateFormat', pattern: /^(?<field>.+): use the date format YYYY-MM-DD$/ },
  { id: 'formErrors.fieldRealDate', pattern: /^(?<field>.+): enter a real date$/ },
  { id: 'formErrors.fieldNumber', pattern: /^(?<field>.+) must be a number, such as 42 or 3\.5$/ },
  { id: 'formErrors.fieldUrl', pattern: /^(?<field>.+) must be a web address starting with https:\/\/ or http:\/\/$/ },
  { id: 'formErrors.fieldEmail', pattern: /^(?<field>.+): enter a valid email address$/ },
  { id: 'formErrors.fieldOption', pattern: /^(?<field>.+): pick one of the options offered$/ },
  { id: 'formErrors.fieldOptions', pattern: /^(?<field>.+): pick from the options offered$/ },
  { id: 'formErrors.requiredPlain', pattern: /^Required$/ },
  { id: 'formErrors.enterWorkEmail', pattern: /^Enter your work email$/ },
  { id: 'formErrors.emailMaxLength', pattern: /^An email address has at most (?<max>\d+) characters$/ },
  { id: 'formErrors.passwordMissing', pattern: /^Enter a password$/ },
  { id: 'formErrors.passwordShort', pattern: /^Use at least (?<min>\d+) characters$/ },
  { id: 'formErrors.passwordLong', pattern: /^Use at most (?<max>\d+) characters$/ },
  { id: 'formErrors.passwordCommon', pattern: /^This password is too common; choose another$/ },
  { id: 'formErrors.passwordRepetitive', pattern: /^Use a less repetitive password$/ },
  { id: 'formErrors.passwordPersonal', pattern: /^Do not build the password from your name or email$/ },
  { id: 'formErrors.passwordOther', pattern: /^Choose another password$/ },
  {
    id: 'photoInput.tooBig',
    pattern: /^This photo is (?<size>[\d.]+) MB; the limit is (?<limit>[\d.]+) MB\. Choose a smaller one\.$/,
  },
  {
    id: 'photoInput.unreadable',
    pattern: /^This file is not a photo we can read\. Use a JPEG, PNG, WebP, AVIF or GIF image\.$/,
  },
  {
    id: 'formErrors.photoHeic',
    pattern:
      /^This HEIC photo cannot be read here\. Export it as JPEG \(on an iPhone: Settings › Camera › Formats › Most Compatible\)\.$/,
  },
  {
    id: 'formErrors.photoDamaged',
    pattern: /^This photo looks damaged and cannot be read\. Try exporting it again\.$/,
  },
  { id: 'formErrors.photoNoDimensions', pattern: /^This photo has no readable dimensions\.$/ },
  {
    id: 'formErrors.photoTooManyPixels',
    pattern:
      /^This image is (?<width>\d+) × (?<height>\d+) pixels, more than we accept \((?<megapixels>\d+) megapixels\)\.$/,
  },
  {
    id: 'formErrors.photoChooseAgain',
    pattern: /^Your photo was fine; please choose it again after fixing the other fields\.$/,
  },
  { id: 'formErrors.correctFields', pattern: /^Please correct the fields marked below\.$/ },
  {
    id: 'formErrors.emailTaken',
    pattern: /^An account with this work email already exists\. Sign in, or reset your password\.$/,
  },
  {
    id: 'formErrors.joinLinkExpired',
    pattern: /^This join link has expired or was already used\. Enter your work email again for a new one\.$/,
  },
  {
    id: 'formErrors.storeUnavailable',
    pattern:
      /^We could not save this just now: part of our system is not answering\. Nothing was kept; please try again in a minute\.$/,
  },
  {
    id: 'formErrors.joinEmailNotSent',
    pattern: /^We could not send the email just now\. Please try again in a few minutes\.$/,
  },
  // HR's edit of a profile (app/models/employee.server.ts, DuplicateEmployeeError)
  { id: 'formErrors.employeeEmailTaken', pattern: /^An employee with this work email already exists$/ },
  { id: 'formErrors.employeeNumberTaken', pattern: /^This employee number is taken$/ },
  // A manager that would close a loop (app/services/manager-graph.server.ts, describeManagerLineProblem): the names
  // are captured and put back as they are.
  { id: 'formErrors.managerSelfNamed', pattern: /^(?<person>.+) cannot be their own manager\.$/ },
  {
    id: 'formErrors.managerLoopDirect',
    pattern:
      /^(?<person>.+) cannot report to (?<manager>.+): \k<manager> reports to \k<person>, which would make a loop\.$/,
  },
  {
    id: 'formErrors.managerLoopThrough',
    pattern:
      /^(?<person>.+) cannot report to (?<manager>.+): \k<manager> already reports to \k<person> through (?<chain>.+), which would make a loop\.$/,
  },
  {
    id: 'formErrors.managerTooDeep',
    pattern:
      /^(?<manager>.+)'s reporting line is more than (?<max>\d+) levels deep, so a loop cannot be ruled out: fix it first\.$/,
  },
];

/** Which pattern an English message matches, and what it captured. */
export function matchFormError(message: string): { id: string; values: Record<string, string> } | null {
  for (const { id, pattern } of FORM_ERROR_PATTERNS) {
    const match = pattern.exec(message);
    if (match) return { id, values: { ...match.groups } };
  }
  return null;
}

export function translateFormError(intl: IntlShape, message: string): string;
export function translateFormError(intl: IntlShape, message: string | null | undefined): string | null | undefined;
export function translateFormError(intl: IntlShape, message: string | null | undefined) {
  if (!message || intl.locale === DEFAULT_LANGUAGE) return message;
  const matched = matchFormError(message);
  if (!matched) return message;
  const values: Record<string, string> = { ...matched.values };
  const labelId = values.field === undefined ? undefined : FIELD_LABELS[values.field];
  if (labelId) values.field = intl.formatMessage({ id: labelId });
  // A reporting chain is written "A, then B" in English: in the language's list form instead ("A, B und C").
  if (values.chain !== undefined) values.chain = formatList(values.chain.split(', then '), intl.locale);
  return intl.formatMessage({ id: matched.id }, values);
}

/** Every message of an errors-by-field object, translated. */
export function translateFieldErrors<T extends Partial<Record<string, string>>>(intl: IntlShape, errors: T): T {
  if (intl.locale === DEFAULT_LANGUAGE) return errors;
  return Object.fromEntries(
    Object.entries(errors).map(([name, message]) => [name, translateFormError(intl, message)]),
  ) as T;
}
