/**
 * The look of a personal notice: a greeting, a few paragraphs and at most one link, as plain text and as
 * simple HTML (everything a person typed is escaped; the link is written out in the text part too, for
 * mail programs that show only text). The words come already in the recipient's language (the app's `email`
 * catalogue); the HTML part names that language, so mail programs pick its fonts, hyphenation and voice.
 */
export interface NoticeContent {
  /** A BCP 47 language code ("de"): the HTML part's `lang`. */
  language: string;
  /** The whole greeting line, worded and with the name in it ("Hallo Anna,"). */
  greeting: string;
  paragraphs: string[];
  /** `line`: the text part's label and link, as the language punctuates them ("Créer votre profil : https://…"). */
  action: { label: string; href: string; line: string } | null;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const SIGNATURE = 'XYZ People';

export function renderNoticeText(content: NoticeContent): string {
  return [
    content.greeting,
    '',
    ...content.paragraphs.flatMap((paragraph) => [paragraph, '']),
    ...(content.action ? [content.action.line, ''] : []),
    `-- ${SIGNATURE}`,
    '',
  ].join('\n');
}

export function renderNoticeHtml(content: NoticeContent): string {
  const action = content.action
    ? `<p><a href="${escapeHtml(content.action.href)}">${escapeHtml(content.action.label)}</a></p>`
    : '';
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(content.language)}"><body style="font-family: sans-serif; line-height: 1.5">`,
    `<p>${escapeHtml(content.greeting)}</p>`,
    ...content.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    action,
    `<p style="color: #555">${SIGNATURE}</p>`,
    '</body></html>',
    '',
  ].join('\n');
}
