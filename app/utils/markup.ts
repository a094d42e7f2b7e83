/**
 * Markup written as a string, for the parts of a page that are many small elements nothing on the page updates or
 * listens to (the org chart's picture, an insight's table of numbers): React then places one string instead of
 * making and rendering each element (docs/decisions/332-insights-and-org-chart-within-twice-the-trivial-page.md).
 * A plain module: the server and the browser write the same markup, so hydration never disagrees.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };

/** Text and attribute values escaped as React escapes them. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]);
}

/**
 * One element: attributes left out when undefined, values escaped; `content` is markup already (escape text with
 * escapeMarkup). Without content the element closes itself (SVG; an HTML element needs content, '' for none).
 */
export function markupElement(
  name: string,
  attributes: Record<string, string | number | undefined>,
  content: string | null = null,
): string {
  let markup = `<${name}`;
  for (const [attribute, value] of Object.entries(attributes)) {
    if (value !== undefined) markup += ` ${attribute}="${escapeMarkup(String(value))}"`;
  }
  return content === null ? `${markup}/>` : `${markup}>${content}</${name}>`;
}
