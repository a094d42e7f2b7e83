/**
 * The mixed traffic, as autocannon request entries: what signed-in people do all day (the directory, searches,
 * profiles), some edits of their own profile (the database with its outbox, and DynamoDB), and now and then a
 * new employee joining with a real photo (all three stores and the photo function). All connections share one
 * cycle of 20 requests (1 join, 2 edits): each request a connection sends is the cycle's next kind, so the kinds
 * are spread evenly over the run. (Each connection walking a cycle of its own, all 50 in step, sent 50 joins in
 * the first second: a burst no steady mix has, which put a quarter of a minute's joins in one queue.) Every join
 * has an email of its own, and a join link minted for it beforehand (test-support/resilience/join-tokens.ts).
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { ConfirmedJoin } from './join-tokens';
import type { Editor } from './session';

export interface TrafficPlan {
  baseUrl: string;
  cookie: string;
  profileIds: string[];
  /** People who edit their own profiles (each edit goes to the next one, in their own session). */
  editors: Editor[];
  photoFile: string;
  runId: string;
  /** One join link per join this load may send, used in order. */
  joins: ConfirmedJoin[];
  /** `ms`: from the request's setup to its answer (queueing in the client included, as a person would wait). */
  onOutcome(kind: string, status: number, detail?: { acceptedEmail?: string; ms?: number }): void;
}

const SEARCHES = ['an', 'engineering', 'mar', 'son', 'lee', 'people', 'design', 'o'];
let sequence = 0;

interface Request {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}
type Context = Record<string, unknown>;

export function multipart(fields: Record<string, string>, file: { name: string; type: string; bytes: Buffer }) {
  const boundary = `----resilience${randomUUID().replaceAll('-', '')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="${file.name}"\r\n` +
        `Content-Type: ${file.type}\r\n\r\n`,
    ),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The profile form a join link opens (its work email is the link's; the form's field is ignored). */
export function joinFields(join: ConfirmedJoin): Record<string, string> {
  return {
    token: join.token,
    firstName: 'Load',
    lastName: 'Loadtester',
    workEmail: join.email,
    jobTitle: 'Resilience Engineer',
    department: 'Engineering',
    password: 'a long resilience password 2026',
  };
}

export function trafficMix(plan: TrafficPlan) {
  const photo = fs.readFileSync(plan.photoFile);
  const headers = { cookie: plan.cookie, origin: plan.baseUrl };
  const started = (context: Context) => {
    context.startedAt = Date.now();
  };
  const elapsed = (context: Context) => Date.now() - (context.startedAt as number);
  const get = (kind: string, path: () => string) => ({
    method: 'GET',
    path: '/',
    setupRequest: (request: Request, context: Context) => {
      started(context);
      return { ...request, method: 'GET', path: path(), headers };
    },
    onResponse: (status: number, _body: string, context: Context) =>
      plan.onOutcome(kind, status, { ms: elapsed(context) }),
  });
  let editorTurn = 0;
  const form = (kind: string, fields: (editor: Editor) => Record<string, string>, savedText: string) => ({
    method: 'POST',
    path: '/me',
    setupRequest: (request: Request, context: Context) => {
      started(context);
      const editor = plan.editors[editorTurn++ % plan.editors.length]!;
      return {
        ...request,
        method: 'POST',
        path: '/me',
        headers: { cookie: editor.cookie, origin: plan.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields(editor)).toString(),
      };
    },
    onResponse: (status: number, body: string, context: Context) =>
      plan.onOutcome(kind, status === 200 && !body.includes(savedText) ? 299 : status, { ms: elapsed(context) }),
  });
  const directory = get('directory', () => '/employees');
  const search = get('search', () => `/employees?q=${SEARCHES[sequence++ % SEARCHES.length]}`);
  const profile = get('profile', () => `/employees/${plan.profileIds[sequence++ % plan.profileIds.length]}`);
  const extras = form(
    'edit-extras',
    () => ({ intent: 'extras', pronouns: 'they/them', skills: `resilience, load ${sequence++ % 100}`, links: '' }),
    'Saved.',
  );
  const edit = form(
    'edit-profile',
    (editor) => ({ ...editor.ownProfileForm, intent: 'profile', bio: `Edited under load, round ${sequence++}.` }),
    'Your profile is saved.',
  );
  let joinTurn = 0;
  const join = {
    method: 'POST',
    path: '/api/join',
    setupRequest: (request: Request, context: Context) => {
      // Sized with a wide margin (JOIN_TOKENS_PER_LOAD_SECOND); past the end, a join without a link shows as a 400.
      const confirmed = plan.joins[joinTurn++] ?? { email: `load-${plan.runId}-no-link@xyz.example`, token: '' };
      context.joinEmail = confirmed.email;
      started(context);
      const { body, contentType } = multipart(joinFields(confirmed), {
        name: 'me.jpg',
        type: 'image/jpeg',
        bytes: photo,
      });
      // No session cookie: a new employee is not signed in yet.
      return {
        ...request,
        method: 'POST',
        path: '/api/join',
        headers: { origin: plan.baseUrl, 'content-type': contentType },
        body,
      };
    },
    onResponse: (status: number, body: string, context: Context) => {
      const accepted = status === 200 && body.includes('"ok":true');
      plan.onOutcome('join', accepted ? 200 : status === 200 ? 299 : status, {
        acceptedEmail: accepted ? String(context.joinEmail) : undefined,
        ms: elapsed(context),
      });
    },
  };
  const cycle = [
    directory,
    search,
    profile,
    extras,
    directory,
    join,
    profile,
    edit,
    search,
    directory,
    profile,
    search,
    directory,
    profile,
    search,
    directory,
    profile,
    search,
    directory,
    profile,
  ];
  let turn = 0;
  // One entry that every connection repeats; which kind it sends is the shared cycle's next.
  const next = {
    method: 'GET',
    path: '/',
    setupRequest: (request: Request, context: Context) => {
      const index = turn++ % cycle.length;
      context.kindIndex = index;
      return cycle[index]!.setupRequest(request, context);
    },
    onResponse: (status: number, body: string, context: Context) =>
      cycle[context.kindIndex as number]!.onResponse(status, body, context),
  };
  return [next];
}
