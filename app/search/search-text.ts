/**
 * How search text is split into words and compared: diacritics folded (NFD, marks dropped), lower case.
 * The embedded index uses it to index and to query, and every index uses it to mark matched words. Plain
 * `.ts` with no dependencies beyond the folding (app/i18n/fold-text.ts): the directory page also uses
 * `highlightSegments` in the browser.
 */
import { foldTerm } from '~/i18n/fold-text';

export { foldTerm };

/** Letters and digits: an e-mail address or "front-end" splits into its words, as the index splits them. */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

/**
 * `text` escaped, with every word whose folded form is in `matched` wrapped in <mark></mark>: the
 * Highlights format of search-index.server.ts.
 */
export function markWords(text: string, matched: ReadonlySet<string>): string {
  let out = '';
  let last = 0;
  for (const found of text.matchAll(WORD)) {
    const start = found.index ?? 0;
    out += escapeHtml(text.slice(last, start));
    out += matched.has(foldTerm(found[0])) ? `<mark>${escapeHtml(found[0])}</mark>` : escapeHtml(found[0]);
    last = start + found[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

export interface HighlightSegment {
  text: string;
  marked: boolean;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
  });
}

/**
 * A highlight string (escaped text with <mark> tags, from either index) as plain-text segments, so a page
 * renders it as React text nodes and <mark> elements: no markup from the index ever reaches the DOM as HTML.
 * Anything other than the two tags is text (already escaped by the index, unescaped here for React to
 * escape again).
 */
export function highlightSegments(highlight: string): HighlightSegment[] {
  const segments: HighlightSegment[] = [];
  let marked = false;
  for (const part of highlight.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) segments.push({ text: unescapeHtml(part), marked });
  }
  return segments;
}
