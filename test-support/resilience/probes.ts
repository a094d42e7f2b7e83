/**
 * One request per kind of page, as a person would make it, timed and classified: it worked, it failed with the
 * friendly error page (the status and a fixed sentence, nothing from the server's insides), or it failed badly
 * (a raw error, a dropped connection, or no answer within the limit: a hang).
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { ConfirmedJoin } from './join-tokens';
import { joinFields, multipart } from './traffic';
import type { Store } from './stack';

export type PageKind = 'login' | 'directory' | 'search' | 'profile' | 'photo' | 'edit-extras' | 'edit-profile' | 'join';

export const PAGE_KINDS: PageKind[] = [
  'login',
  'directory',
  'search',
  'profile',
  'photo',
  'edit-extras',
  'edit-profile',
  'join',
];

/** Pages that never touch the store, so they must keep working while it is down. */
export const INDEPENDENT_OF: Record<Store, PageKind[]> = {
  // Every signed-in page reads the session from the database; the sign-in page itself does not.
  mariadb: ['login'],
  // The directory and search read only the database; profiles read their extras and photo record from DynamoDB.
  dynamodb: ['login', 'directory', 'search'],
  // Photos are read from S3 and a join writes one; nothing else touches it.
  s3: ['login', 'directory', 'search', 'profile', 'edit-extras', 'edit-profile'],
};

export type Outcome = 'ok' | 'friendly-error' | 'bad-error' | 'hang';

export interface ProbeResult {
  kind: PageKind;
  outcome: Outcome;
  status: number | null;
  ms: number;
  /** The start of an unexpected answer, for the report (error pages carry no personal data). */
  detail?: string;
}

export interface ProbeTarget {
  baseUrl: string;
  cookie: string;
  profileId: string;
  photoPath: string;
  ownProfileForm: Record<string, string>;
  photoFile: string;
  /** Join links for the join probes, one per probe (test-support/resilience/join-tokens.ts). */
  joins: ConfirmedJoin[];
}

/** An answer slower than this is a hang (RESILIENCE_HANG_MS; the 5 s by default). */
export const HANG_MS = Number(process.env.RESILIENCE_HANG_MS || 5_000);

function request(target: ProbeTarget, kind: PageKind): { path: string; init: RequestInit; okText?: string } {
  const signedIn = { cookie: target.cookie, origin: target.baseUrl };
  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { ...signedIn, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  switch (kind) {
    case 'login':
      return { path: '/login', init: {}, okText: 'Sign in' };
    case 'directory':
      return { path: '/employees', init: { headers: signedIn }, okText: 'XYZ People' };
    case 'search':
      return { path: '/employees?q=an', init: { headers: signedIn }, okText: 'XYZ People' };
    case 'profile':
      return { path: `/employees/${target.profileId}`, init: { headers: signedIn }, okText: 'XYZ People' };
    case 'photo':
      return { path: target.photoPath, init: { headers: signedIn } };
    case 'edit-extras':
      return {
        path: '/me',
        init: form({ intent: 'extras', pronouns: 'she/her', skills: 'probing', links: '' }),
        okText: 'Saved.',
      };
    case 'edit-profile':
      return {
        path: '/me',
        init: form({ ...target.ownProfileForm, intent: 'profile', bio: `Probed ${randomUUID()}` }),
        okText: 'Your profile is saved.',
      };
    case 'join': {
      const confirmed = target.joins.shift();
      if (!confirmed) throw new Error('the join probes have used every join link minted for them: mint more');
      const { body, contentType } = multipart(joinFields(confirmed), {
        name: 'me.jpg',
        type: 'image/jpeg',
        bytes: fs.readFileSync(target.photoFile),
      });
      return {
        path: '/api/join',
        init: { method: 'POST', headers: { origin: target.baseUrl, 'content-type': contentType }, body },
        okText: '"ok":true',
      };
    }
  }
}

/** One request for a kind of page; an answer slower than `timeoutMs` (HANG_MS unless told) is a hang. */
export async function probe(
  target: ProbeTarget,
  kind: PageKind,
  options: { timeoutMs?: number } = {},
): Promise<ProbeResult> {
  const { path, init, okText } = request(target, kind);
  const started = Date.now();
  try {
    const response = await fetch(target.baseUrl + path, {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? HANG_MS),
    });
    const body = await response.text();
    const ms = Date.now() - started;
    if (response.status === 200 && (!okText || body.includes(okText))) return { kind, outcome: 'ok', status: 200, ms };
    // The friendly page (components/error-page.tsx), or the join's JSON twin with a sentence for the person,
    // as "temporarily unavailable, try again later": 503 with Retry-After, not a 500 that says the page is broken.
    const friendly =
      response.status === 503 &&
      response.headers.has('retry-after') &&
      !/at .+\(.+:\d+:\d+\)|Error:/.test(body) &&
      (body.includes('error-page') || (kind === 'join' && body.includes('"formError":"')) || kind === 'photo');
    return {
      kind,
      outcome: friendly ? 'friendly-error' : 'bad-error',
      status: response.status,
      ms,
      detail: body.slice(0, 300),
    };
  } catch (error) {
    const ms = Date.now() - started;
    const timedOut = (error as Error).name === 'TimeoutError';
    return { kind, outcome: timedOut ? 'hang' : 'bad-error', status: null, ms };
  }
}

export async function probeAll(target: ProbeTarget): Promise<ProbeResult[]> {
  return Promise.all(PAGE_KINDS.map((kind) => probe(target, kind)));
}
