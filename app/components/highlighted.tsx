/**
 * Text with the search's matched words marked. The index hands a highlight as escaped text with <mark>
 * tags; it is split into plain segments here and rendered as React text and <mark> elements, so nothing
 * from a profile is ever inserted as HTML.
 */
import { highlightSegments, type HighlightSegment } from '~/search/search-text';

/** Around the first match, for long text (a bio): about this many characters either side. */
const SNIPPET_CONTEXT = 60;

function snippetOf(segments: HighlightSegment[]): HighlightSegment[] {
  const first = segments.findIndex((segment) => segment.marked);
  if (first < 0) return segments;
  const before = segments
    .slice(0, first)
    .map((segment) => segment.text)
    .join('');
  const out: HighlightSegment[] = [];
  if (before.length > SNIPPET_CONTEXT) out.push({ text: `…${before.slice(-SNIPPET_CONTEXT)}`, marked: false });
  else if (before) out.push({ text: before, marked: false });
  let budget = SNIPPET_CONTEXT * 2;
  for (const segment of segments.slice(first)) {
    if (budget <= 0) {
      out.push({ text: '…', marked: false });
      break;
    }
    const text = segment.marked || segment.text.length <= budget ? segment.text : `${segment.text.slice(0, budget)}…`;
    out.push({ text, marked: segment.marked });
    budget -= segment.text.length;
  }
  return out;
}

export function Highlighted({ html, text, snippet = false }: { html?: string; text: string; snippet?: boolean }) {
  if (!html) return <>{text}</>;
  const segments = highlightSegments(html);
  return (
    <>
      {(snippet ? snippetOf(segments) : segments).map((segment, index) =>
        segment.marked ? <mark key={index}>{segment.text}</mark> : <span key={index}>{segment.text}</span>,
      )}
    </>
  );
}
