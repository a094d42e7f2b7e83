/**
 * One embedded index per server, shared by its workers (docs/decisions/007): the index lives in the primary
 * process, where the search-index subscriber writes to it, and each HTTP worker asks it over the cluster
 * channel. Every worker therefore answers from the same index the moment a change is applied: no copies to
 * keep in step, one index's memory per machine.
 *
 * Workers may only read (search, ping): writes and rebuilds happen in the primary alone. A question that
 * gets no answer in time (the primary busy or gone) is a SearchUnavailableError, and the page falls back
 * to the SQL search.
 */
import { z } from 'zod';
import { NAME_COLLATIONS } from '~/i18n/name-order';
import {
  SearchUnavailableError,
  type SearchDocument,
  type SearchIndex,
  type SearchQuery,
  type SearchResult,
} from './search-index.server';

const CALL = 'search-index:call';
const REPLY = 'search-index:reply';

const searchQuerySchema = z.object({
  text: z.string().max(200),
  facets: z.record(z.enum(['department', 'officeLocation', 'skills']), z.array(z.string().max(200)).max(50)),
  customFacets: z
    .object({
      keys: z.array(z.string().max(64)).max(100),
      selected: z.record(z.string().max(64), z.array(z.string().max(200)).max(50)),
    })
    .optional(),
  definitionsVersion: z.number().int().min(0).optional(),
  collation: z.enum(NAME_COLLATIONS).optional(),
  page: z.number().int().min(0).max(10_000),
  pageSize: z.number().int().min(1).max(100),
});

const callSchema = z.discriminatedUnion('method', [
  z.object({ kind: z.literal(CALL), id: z.number().int(), method: z.literal('search'), query: searchQuerySchema }),
  z.object({ kind: z.literal(CALL), id: z.number().int(), method: z.literal('ping') }),
]);

const replySchema = z.object({
  kind: z.literal(REPLY),
  id: z.number().int(),
  ok: z.boolean(),
  value: z.unknown().optional(),
  unavailable: z.boolean().optional(),
  error: z.string().optional(),
});

type Call = z.infer<typeof callSchema>;
type Reply = z.infer<typeof replySchema>;

/** A message channel: a worker's `process`, a `cluster.Worker`, or a MessagePort in tests. */
export interface Channel {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): () => void;
}

export const DEFAULT_CALL_TIMEOUT_MS = 2_000;

/** The worker's side: a read-only SearchIndex that forwards to the primary. */
export class RemoteSearchIndex implements SearchIndex {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(
    private readonly channel: Channel,
    private readonly timeoutMs = DEFAULT_CALL_TIMEOUT_MS,
  ) {
    this.unsubscribe = channel.onMessage((message) => this.receive(message));
  }

  search(query: SearchQuery): Promise<SearchResult> {
    return this.call({ method: 'search', query }) as Promise<SearchResult>;
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.call({ method: 'ping' })) === true;
    } catch {
      return false;
    }
  }

  async upsert(_doc: SearchDocument): Promise<void> {
    throw new Error('only the primary process writes to the embedded search index');
  }

  async remove(_id: string, _version: number): Promise<void> {
    throw new Error('only the primary process writes to the embedded search index');
  }

  async forget(_id: string): Promise<void> {
    throw new Error('only the primary process writes to the embedded search index');
  }

  async holds(_id: string): Promise<boolean> {
    throw new Error('only the primary process answers for what the embedded search index holds');
  }

  async rebuild(): Promise<{ indexed: number }> {
    throw new Error('only the primary process rebuilds the embedded search index (npm run search:reindex)');
  }

  async stampDefinitions(_definitionsVersion: number): Promise<void> {
    throw new Error('only the primary process writes to the embedded search index');
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    for (const { reject } of this.pending.values()) reject(new SearchUnavailableError('the index client closed'));
    this.pending.clear();
  }

  private call(body: { method: 'search'; query: SearchQuery } | { method: 'ping' }): Promise<unknown> {
    if (this.closed) return Promise.reject(new SearchUnavailableError('the index client is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new SearchUnavailableError(`no answer from the primary process in ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      timer.unref?.();
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      try {
        this.channel.send({ kind: CALL, id, ...body });
      } catch (error) {
        this.pending.delete(id);
        clearTimeout(timer);
        reject(new SearchUnavailableError('the primary process cannot be reached', { cause: error }));
      }
    });
  }

  private receive(message: unknown): void {
    const parsed = replySchema.safeParse(message);
    if (!parsed.success) return; // another feature's message on the same channel
    const reply: Reply = parsed.data;
    const waiting = this.pending.get(reply.id);
    if (!waiting) return; // answered after its timeout
    this.pending.delete(reply.id);
    if (reply.ok) waiting.resolve(reply.value);
    else if (reply.unavailable) waiting.reject(new SearchUnavailableError(reply.error ?? 'unavailable'));
    else waiting.reject(new Error(reply.error ?? 'search failed'));
  }
}

/**
 * The primary's side: answers one worker's calls from `index`. Returns a function that stops answering.
 * Errors go back as a message naming the kind of failure, never the query.
 */
export function answerSearchCalls(index: SearchIndex, channel: Channel): () => void {
  return channel.onMessage((message) => {
    if ((message as { kind?: unknown } | null)?.kind !== CALL) return;
    const parsed = callSchema.safeParse(message);
    const id = typeof (message as { id?: unknown }).id === 'number' ? (message as { id: number }).id : -1;
    if (!parsed.success) {
      channel.send({ kind: REPLY, id, ok: false, error: 'malformed search call' } satisfies Reply);
      return;
    }
    const call: Call = parsed.data;
    const work = call.method === 'search' ? index.search(call.query) : index.ping();
    work.then(
      (value) => channel.send({ kind: REPLY, id, ok: true, value } satisfies Reply),
      (error: unknown) =>
        channel.send({
          kind: REPLY,
          id,
          ok: false,
          unavailable: error instanceof SearchUnavailableError,
          error: error instanceof Error ? error.message : 'search failed',
        } satisfies Reply),
    );
  });
}
