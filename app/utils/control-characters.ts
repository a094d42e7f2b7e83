/**
 * The one rule for control characters in text a person types: every text field refuses the C0 controls (NUL to
 * U+001F) and DEL, with a message naming the field. A multi-line field (a textarea) keeps tab and line breaks
 * (browsers send a textarea's newlines as CR LF). A NUL in a manager's email once reached SQLite through an inlined
 * query and answered 500; the hostile-input suite now sends every C0 control (decision 309). Safe in the browser.
 */
import type { ZodString } from 'zod';

const SINGLE_LINE = /^[^\u0000-\u001f\u007f]*$/;
const MULTI_LINE = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

export function controlCharacterMessage(label: string): string {
  return `${label} may not contain control characters (such as a tab or an invisible character)`;
}

/** The field's schema with the rule added as its next check: `label` is the field's name as the form shows it. */
export function refuseControlCharacters(schema: ZodString, label: string, options: { multiLine?: boolean } = {}) {
  return schema.regex(options.multiLine ? MULTI_LINE : SINGLE_LINE, controlCharacterMessage(label));
}

export function hasControlCharacters(text: string): boolean {
  return !SINGLE_LINE.test(text);
}
