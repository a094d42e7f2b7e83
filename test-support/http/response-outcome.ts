/**
 * What a person (or the page's script) would read in an answer: its status, where it sends them, and the
 * messages it shows: the text of every role="alert" element of a page (field errors and form errors), or the
 * error strings of a JSON answer.
 */
export interface ResponseOutcome {
  status: number;
  location: string | null;
  /** The answer says the post was not accepted (a 4xx, an alert on the page, `ok: false` or `error` in JSON). */
  refused: boolean;
  /** The answer says the post was accepted: a redirect, a success message on the page, `ok: true` in JSON. */
  confirmed: boolean;
  messages: string[];
  body: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (ENTITIES[name.toLowerCase()] !== undefined) return ENTITIES[name.toLowerCase()]!;
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return whole;
  });
}

/** The text inside each element with role="alert" (React renders them without nested alerts). */
export function alertsOf(html: string): string[] {
  const alerts: string[] = [];
  const opening = /<(\w+)[^>]*\brole="alert"[^>]*>/g;
  for (let match = opening.exec(html); match; match = opening.exec(html)) {
    const tag = match[1]!;
    const close = html.indexOf(`</${tag}>`, match.index + match[0].length);
    const inner = html.slice(match.index + match[0].length, close === -1 ? undefined : close);
    const text = decodeEntities(inner.replace(/<[^>]+>/g, ''))
      .replace(/\s+/g, ' ')
      .trim();
    if (text) alerts.push(text);
  }
  return alerts;
}

function jsonMessages(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  const messages: string[] = [];
  for (const key of ['error', 'formError']) if (typeof record[key] === 'string') messages.push(record[key] as string);
  if (typeof record.errors === 'object' && record.errors !== null) {
    for (const message of Object.values(record.errors)) if (typeof message === 'string') messages.push(message);
  }
  return messages;
}

export async function readOutcome(response: Response): Promise<ResponseOutcome> {
  const body = await response.text();
  const type = response.headers.get('content-type') ?? '';
  const location = response.headers.get('location');
  let messages: string[] = [];
  let saysRefused = false;
  let saysAccepted = response.status >= 300 && response.status < 400;
  if (type.includes('application/json')) {
    const parsed: unknown = JSON.parse(body);
    messages = jsonMessages(parsed);
    saysRefused = (parsed as { ok?: unknown }).ok === false || messages.length > 0;
    saysAccepted ||= (parsed as { ok?: unknown }).ok === true;
  } else if (type.includes('text/html')) {
    messages = alertsOf(body);
    saysRefused = messages.length > 0;
    saysAccepted ||= body.includes('alert--success');
    // An error page (a thrown 4xx) says what happened in its heading.
    const heading = /<h1[^>]*>([^<]*)<\/h1>/.exec(body)?.[1];
    if (response.status >= 400 && heading) messages.push(decodeEntities(heading).trim());
  } else if (response.status >= 400 && body.trim()) {
    messages = [body.trim()];
  }
  const refused = response.status >= 400 || saysRefused;
  return { status: response.status, location, refused, confirmed: !refused && saysAccepted, messages, body };
}
