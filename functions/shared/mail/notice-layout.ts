/**
 * The look of a personal notice: a greeting, a few paragraphs and at most one link, as plain text and as
 * simple HTML (everything a person typed is escaped; the link is written out in the text part too, for
 * mail programs that show only text).
 */
export interface NoticeContent {
  greetingName: string;
  paragraphs: string[];
  action: { label: string; href: string } | null;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const SIGNATURE = 'XYZ People';

export function renderNoticeText(content: NoticeContent): string {
  return [
    `Hello ${content.greetingName},`,
    '',
    ...content.paragraphs.flatMap((paragraph) => [paragraph, '']),
    ...(content.action ? [`${content.action.label}: ${content.action.href}`, ''] : []),
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
    '<html><body style="font-family: sans-serif; line-height: 1.5">',
    `<p>Hello ${escapeHtml(content.greetingName)},</p>`,
    ...content.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    action,
    `<p style="color: #555">${SIGNATURE}</p>`,
    '</body></html>',
    '',
  ].join('\n');
}
