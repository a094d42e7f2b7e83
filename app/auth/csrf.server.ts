/**
 * Cross-site request defence, on top of the SameSite=Lax session cookie: a state-changing request from a
 * browser must come from one of our own pages. Browsers send `Origin` on every cross-origin POST (and on
 * same-origin ones in current versions), so a request whose Origin (or, failing that, Referer) names another
 * site is refused. A request with neither header is not from a browser form and carries no ambient risk.
 */
export function isSameOriginRequest(request: Request, publicUrl?: string): boolean {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return true;
  const source = request.headers.get('origin') ?? refererOrigin(request.headers.get('referer'));
  if (source === undefined) return true;
  if (source === null || source === 'null') return false;
  let sourceHost: string;
  try {
    sourceHost = new URL(source).host;
  } catch {
    return false;
  }
  const allowed = new Set<string>();
  const host = request.headers.get('host');
  if (host) allowed.add(host);
  allowed.add(new URL(request.url).host);
  if (publicUrl) allowed.add(new URL(publicUrl).host);
  return allowed.has(sourceHost);
}

function refererOrigin(referer: string | null): string | null | undefined {
  if (referer === null) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

export function assertSameOrigin(request: Request, publicUrl?: string): void {
  if (!isSameOriginRequest(request, publicUrl)) {
    throw new Response('This form was sent from another site and has been refused.', { status: 403 });
  }
}
