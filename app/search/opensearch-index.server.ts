/**
 * The directory's search index on Amazon OpenSearch (SearchIndex, ./search-index.server.ts).
 *
 * Layout: the app reads and writes through one alias (`<prefix>-employees`); behind it is one concrete index
 * (`<prefix>-employees-<timestamp>`). A rebuild fills a new concrete index by bulk, copies over what the
 * subscriber wrote meanwhile, swaps the alias in one `_aliases` call and deletes the old index, so searches
 * never see an empty or half-built index.
 *
 * Order and idempotency: every write uses external versioning with the event's version, so OpenSearch itself
 * refuses a write that is not newer (409, ignored here). A remove writes a tombstone (the id and `deleted:
 * true`, nothing else) under the same rule, so a late upsert after a remove stays removed.
 *
 * Failures (connection refused, timeouts, 5xx, 429, signing or permission errors) become
 * SearchUnavailableError, so the directory can fall back to SQL. Neither errors nor anything else here
 * carry a search term.
 */
import type { Client } from '@opensearch-project/opensearch';
import { loadOnce } from '@shared/load-once';
import { NAME_COLLATIONS, nameOrderKey, type NameCollation } from '~/i18n/name-order';
import {
  FACET_LIMIT,
  FACET_NAMES,
  answersForDefinitions,
  IndexBehindDefinitionsError,
  SearchUnavailableError,
  type FacetCount,
  type FacetName,
  type Highlights,
  type SearchDocument,
  type SearchHit,
  type SearchIndex,
  type SearchQuery,
  type SearchResult,
} from './search-index.server';

export interface OpenSearchIndexOptions {
  /** `https://vpc-....es.amazonaws.com` on AWS, `http://127.0.0.1:9200` locally. */
  endpoint: string;
  /** Prefix of the alias and index names; several installations can share a domain. */
  indexPrefix: string;
  /** Sign requests with SigV4 (service `es`) in this region; unset = plain HTTP (local node, tests). */
  aws?: {
    region: string;
    /** Defaults to the SDK's default provider chain (the instance role on EC2). */
    getCredentials?: () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>;
  };
  /** Per-request timeout; short, so a slow cluster falls back to SQL instead of holding the page. */
  requestTimeoutMs?: number;
  /**
   * Make each write searchable before it returns (default true), as the SearchIndex contract says: a page
   * loaded right after a save shows it, as with the embedded index. Directory writes are rare, so a refresh
   * per write costs little; `wait_for` would hold the subscriber up to the 1 s refresh interval per event.
   * false: visible within the refresh interval instead (bulk loads).
   */
  refreshOnWrite?: boolean;
}

/**
 * The client and its SigV4 signer are imported on an index's first call, not at the top of the server bundle: a
 * process with the embedded index (every local one) never needs them
 * (docs/decisions/030-rare-aws-sdks-loaded-on-first-use.md).
 */
const loadOpenSearch = loadOnce(() => import('@opensearch-project/opensearch'));
const loadAwsSigner = loadOnce(() => import('@opensearch-project/opensearch/aws'));
type OpenSearchErrors = Awaited<ReturnType<typeof loadOpenSearch>>['errors'];

const FACETS = FACET_NAMES;
const BULK_BATCH = 1000;
/** The search's `fuzziness`: as the interface says, 1 typo forgiven from 4 letters, 2 from 7. */
const TYPOS = 'AUTO:4,7';
const HIGHLIGHT_FIELDS = ['name', 'jobTitle', 'department', 'officeLocation', 'skills', 'bio', 'workEmail'] as const;

/** The stored form: the projection plus the fields the queries need. Tombstones carry only id, version, deleted. */
interface StoredDocument extends Partial<Omit<SearchDocument, 'customText' | 'customFacets'>> {
  id: string;
  version: number;
  deleted: boolean;
  name?: string;
  sortName?: string;
  /** Per collation, the name's order key (app/i18n/name-order.ts): the directory's order in each language. */
  nameOrder?: Partial<Record<NameCollation, string>>;
  /** The fields HR defines as the document has them (kept, not indexed: the two fields below are). */
  custom?: Pick<SearchDocument, 'customText' | 'customFacets'>;
  /** The searchable ones' texts, matched like the other text fields. */
  customText?: string[];
  /** The facet ones' values as `<key>:<value>`: one keyword field for every facet HR defines (strict mapping). */
  customFacetPairs?: string[];
}

/**
 * Settings and mappings of a concrete index. Passed to the client `as never`: its request types list each
 * analyzer and property type as a literal union that this plain object does not narrow to.
 */
export function indexSettings() {
  return {
    settings: {
      // One shard: a directory is small, and a rebuild's catch-up reads the writes made meanwhile by the
      // shard's sequence numbers (_seq_no), which increase per shard.
      number_of_shards: 1,
      // One replica when the domain has a second node (two zones on AWS), none on a single test node.
      auto_expand_replicas: '0-1',
      // Every page of the directory stays reachable (24 a page): the default 10,000 would end at page 417.
      max_result_window: 500_000,
      analysis: {
        filter: {
          word_prefixes: { type: 'edge_ngram', min_gram: 1, max_gram: 20 },
        },
        normalizer: {
          folded_keyword: { type: 'custom', filter: ['lowercase', 'asciifolding'] },
        },
        analyzer: {
          // Zoë = zoe = ZOE: lower-case and fold diacritics at index and query time.
          folded: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding'] },
          // Index-time only: every word's prefixes, so "kat" finds Katherine without a wildcard query.
          folded_prefixes: {
            type: 'custom',
            tokenizer: 'standard',
            filter: ['lowercase', 'asciifolding', 'word_prefixes'],
          },
        },
      },
    },
    mappings: {
      dynamic: 'strict' as const,
      properties: {
        id: { type: 'keyword' },
        version: { type: 'long' },
        deleted: { type: 'boolean' },
        name: searchableText(),
        preferredName: searchableText(),
        firstName: { type: 'keyword', index: false },
        lastName: { type: 'keyword', index: false },
        sortName: { type: 'keyword', normalizer: 'folded_keyword' },
        nameOrder: {
          properties: Object.fromEntries(NAME_COLLATIONS.map((collation) => [collation, { type: 'keyword' }])),
        },
        jobTitle: searchableText(),
        department: searchableText({ facet: true }),
        officeLocation: searchableText({ facet: true }),
        skills: searchableText({ facet: true }),
        bio: { type: 'text', analyzer: 'folded' },
        workEmail: searchableText(),
        photoId: { type: 'keyword', index: false },
        role: { type: 'keyword', index: false },
        custom: { type: 'object', enabled: false },
        customText: searchableText(),
        customFacetPairs: { type: 'keyword' },
      },
    },
  };
}

function searchableText(options: { facet?: boolean } = {}) {
  return {
    type: 'text',
    analyzer: 'folded',
    fields: {
      prefix: { type: 'text', analyzer: 'folded_prefixes', search_analyzer: 'folded' },
      ...(options.facet ? { keyword: { type: 'keyword' } } : {}),
    },
  };
}

/** A value of the facet on HR's field `key`, as stored and filtered (keys are `[a-z][a-z0-9_]*`: no colon). */
function facetPair(key: string, value: string): string {
  return `${key}:${value}`;
}

/** `Ada Lovelace`: what the directory shows and the highlight of `name` covers. */
export function displayName(doc: Pick<SearchDocument, 'firstName' | 'lastName'>): string {
  return `${doc.firstName} ${doc.lastName}`;
}

function storedForm(doc: SearchDocument): StoredDocument {
  // Field by field: whatever else a caller's object carries at run time never reaches the index.
  return {
    id: doc.id,
    version: doc.version,
    firstName: doc.firstName,
    lastName: doc.lastName,
    preferredName: doc.preferredName,
    jobTitle: doc.jobTitle,
    department: doc.department,
    officeLocation: doc.officeLocation,
    skills: doc.skills,
    bio: doc.bio,
    workEmail: doc.workEmail,
    photoId: doc.photoId,
    role: doc.role,
    custom: { customText: { ...doc.customText }, customFacets: { ...doc.customFacets } },
    customText: Object.values(doc.customText),
    customFacetPairs: Object.entries(doc.customFacets).flatMap(([key, values]) =>
      values.map((value) => facetPair(key, value)),
    ),
    deleted: false,
    name: displayName(doc),
    // As the SQL directory sorts: last name, then first name.
    sortName: `${doc.lastName} ${doc.firstName}`,
    nameOrder: Object.fromEntries(
      NAME_COLLATIONS.map((collation) => [collation, nameOrderKey(`${doc.lastName} ${doc.firstName}`, collation)]),
    ),
  };
}

/** The key, in the index mapping's `_meta`, of the definitions version the index is stamped with. */
const DEFINITIONS_VERSION_META = 'fieldDefinitionsVersion';
/** How often a search re-reads whether an index never stamped has been stamped since. */
const UNSTAMPED_RECHECK_MS = 1_000;

export function createOpenSearchIndex(options: OpenSearchIndexOptions): SearchIndex & {
  readonly alias: string;
  /** The concrete index behind the alias now (tests, operators). */
  currentIndices(): Promise<string[]>;
} {
  const alias = `${options.indexPrefix}-employees`;
  const refresh = options.refreshOnWrite === false ? undefined : (true as const);
  let connecting: Promise<Client> | undefined;
  const connect = () => (connecting ??= openClient(options));

  /** Runs one client call; the listed statuses are answers, anything else that fails means "unavailable". */
  async function call<T extends { statusCode: number | null }>(
    request: (client: Client) => Promise<T>,
    acceptedStatuses: number[] = [],
  ): Promise<T> {
    let errors: OpenSearchErrors | undefined;
    try {
      // Inside the try: a package that cannot be loaded makes the index unavailable, as a cluster that is down does.
      ({ errors } = await loadOpenSearch());
      return await request(await connect());
    } catch (error) {
      if (errors && error instanceof errors.ResponseError && acceptedStatuses.includes(error.statusCode ?? 0)) {
        return error.meta as unknown as T;
      }
      throw unavailable(error, errors);
    }
  }

  let ensured: Promise<void> | undefined;
  /**
   * The first write of a fresh domain creates the first index with the alias, in one call. An index made by an
   * earlier release gets the fields added since (a mapping only ever gains fields, and adding one is allowed on a
   * live index), so its strict mapping does not refuse the new documents until the next rebuild.
   */
  function ensureIndex(): Promise<void> {
    ensured ??= (async () => {
      const exists = await call((client) => client.indices.existsAlias({ name: alias }), [404]);
      if (exists.statusCode === 200) {
        await call((client) => client.indices.putMapping({ index: alias, body: indexSettings().mappings } as never));
        return;
      }
      // A fixed name, so two processes racing here create one index (the loser is told it already exists).
      const created = await call(
        (client) =>
          client.indices.create({
            index: `${alias}-initial`,
            body: { ...indexSettings(), aliases: { [alias]: {} } } as never,
          }),
        [400],
      );
      const refused = created.statusCode === 400 ? errorType(created.body) : null;
      if (refused && refused !== 'resource_already_exists_exception') {
        throw new SearchUnavailableError(`HTTP 400 ${refused}`);
      }
    })().catch((error) => {
      ensured = undefined;
      throw error;
    });
    return ensured;
  }

  async function writeVersioned(doc: StoredDocument): Promise<void> {
    await ensureIndex();
    // 409: the index already holds this version or a newer one (a redelivery or a late event): nothing to do.
    await call(
      (client) =>
        client.index({
          index: alias,
          id: doc.id,
          body: doc,
          version: doc.version,
          version_type: 'external',
          ...(refresh ? { refresh } : {}),
        }),
      [409],
    );
  }

  async function targetsOfAlias(): Promise<string[]> {
    const response = await call((client) => client.indices.getAlias({ name: alias }), [404]);
    if (response.statusCode === 404) return [];
    return Object.keys(response.body as Record<string, unknown>);
  }

  async function bulkIndex(index: string, docs: StoredDocument[]): Promise<void> {
    if (docs.length === 0) return;
    const body = docs.flatMap((doc) => [
      { index: { _id: doc.id, version: doc.version, version_type: 'external' } },
      doc,
    ]);
    // `/<index>/_bulk`, not `/_bulk`: the domain's access policy allows the app only its own index paths.
    const response = await call((client) => client.bulk({ index, body }));
    const result = response.body as {
      errors: boolean;
      items: { index?: { status: number; error?: { type: string } } }[];
    };
    if (!result.errors) return;
    const failed = result.items.map((item) => item.index).find((item) => item && item.status !== 409 && item.error);
    if (failed) throw new SearchUnavailableError(`bulk write refused (${failed.status} ${failed.error?.type})`);
  }

  /** Per index, the sequence number of its newest write (-1 when empty). */
  async function newestWrites(indices: string[]): Promise<Map<string, number>> {
    const marks = new Map<string, number>();
    for (const index of indices) {
      const response = await call((client) =>
        client.search({
          index,
          body: { size: 1, _source: false, seq_no_primary_term: true, sort: [{ _seq_no: 'desc' }] },
        } as never),
      );
      const [newest] = (response.body as { hits: { hits: { _seq_no?: number }[] } }).hits.hits;
      marks.set(index, newest?._seq_no ?? -1);
    }
    return marks;
  }

  /**
   * Copies into `to` what the subscriber wrote into the old indices after `marks` (their sequence numbers
   * when the rebuild began reading the database), and moves the marks on. External versions decide, so a
   * copy never overwrites a newer document and running it twice changes nothing.
   */
  async function catchUp(marks: Map<string, number>, to: string): Promise<void> {
    for (const [index, mark] of marks) {
      let after = mark;
      for (;;) {
        const response = await call((client) =>
          client.search({
            index,
            body: {
              size: BULK_BATCH,
              seq_no_primary_term: true,
              query: { range: { _seq_no: { gt: after } } },
              sort: [{ _seq_no: 'asc' }],
            },
          } as never),
        );
        const hits = (response.body as { hits: { hits: { _source: StoredDocument; _seq_no: number }[] } }).hits.hits;
        await bulkIndex(
          to,
          hits.map((hit) => hit._source),
        );
        if (hits.length > 0) after = hits.at(-1)!._seq_no;
        if (hits.length < BULK_BATCH) break;
      }
      marks.set(index, after);
    }
  }

  /**
   * The definitions version the index behind the alias is stamped with (its mapping's `_meta`), as last read here:
   * re-read only when a search asks for a newer one, so a search normally costs no extra request. Stamps only
   * grow, so a stamp once seen as new enough stays so.
   */
  let stamp: { version: number | null; readAt: number } | undefined;
  async function readStamp(): Promise<number | null> {
    const response = await call((client) => client.indices.getMapping({ index: alias }), [404]);
    if (response.statusCode === 404) return null;
    const versions = Object.values(
      response.body as Record<string, { mappings?: { _meta?: Record<string, unknown> } }>,
    ).map((index) => index.mappings?._meta?.[DEFINITIONS_VERSION_META]);
    // Two indices during a rebuild's swap: the older stamp holds; one never stamped means none is known.
    if (versions.length === 0 || versions.some((version) => typeof version !== 'number')) return null;
    return Math.min(...(versions as number[]));
  }
  async function answersFor(asked: number | undefined): Promise<boolean> {
    if (asked === undefined) return true;
    const known = stamp?.version;
    const stale =
      stamp === undefined ||
      (known !== null && known !== undefined && known < asked) ||
      // An index never stamped (an earlier release's, or filled by writes alone) is looked at again now and then.
      (known === null && Date.now() - stamp.readAt > UNSTAMPED_RECHECK_MS);
    if (stale) stamp = { version: await readStamp(), readAt: Date.now() };
    return answersForDefinitions(stamp!.version, asked);
  }

  let closed = false;
  /** After close() every call is refused, as the interface says. */
  function whileOpen<T>(run: () => Promise<T>): Promise<T> {
    return closed ? Promise.reject(new SearchUnavailableError('closed')) : run();
  }

  return {
    alias,
    currentIndices: () => whileOpen(targetsOfAlias),

    upsert: (doc) => whileOpen(() => writeVersioned(storedForm(doc))),

    remove: (id, version) => whileOpen(() => writeVersioned({ id, version, deleted: true })),

    forget: (id) =>
      whileOpen(async () => {
        // Every index behind the alias (two during a rebuild's swap); a missing document is already forgotten.
        for (const index of await targetsOfAlias()) {
          await call((client) => client.delete({ index, id, ...(refresh ? { refresh } : {}) }), [404]);
        }
      }),

    holds: (id) =>
      whileOpen(async () => {
        for (const index of await targetsOfAlias()) {
          const found = await call((client) => client.exists({ index, id }), [404]);
          if (found.statusCode === 200) return true;
        }
        return false;
      }),

    search: (query) =>
      whileOpen(async () => {
        if (!(await answersFor(query.definitionsVersion))) throw new IndexBehindDefinitionsError();
        const response = await call(
          (client) => client.search({ index: alias, body: searchBody(query) } as never),
          [404],
        );
        // No index yet (a fresh domain before the first write or rebuild): nobody to find.
        if (response.statusCode === 404) return emptyResult();
        return readResult(response.body as unknown as RawSearchResponse, query);
      }),

    rebuild: (docs, rebuildOptions = {}) =>
      whileOpen(async () => {
        const index = `${alias}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
        const built = indexSettings();
        const settings =
          rebuildOptions.definitionsVersion === undefined
            ? built
            : {
                ...built,
                mappings: {
                  ...built.mappings,
                  _meta: { [DEFINITIONS_VERSION_META]: rebuildOptions.definitionsVersion },
                },
              };
        // Before reading the database: every write after this mark may be missing from what it reads.
        const previous = await targetsOfAlias();
        const marks = await newestWrites(previous);
        await call((client) =>
          client.indices.create({
            index,
            // No refreshes while filling: one at the end is much cheaper.
            body: { ...settings, settings: { ...settings.settings, refresh_interval: '-1' } } as never,
          }),
        );
        let indexed = 0;
        try {
          let batch: StoredDocument[] = [];
          for await (const doc of docs) {
            batch.push(storedForm(doc));
            if (batch.length === BULK_BATCH) {
              await bulkIndex(index, batch);
              indexed += batch.length;
              batch = [];
            }
          }
          await bulkIndex(index, batch);
          indexed += batch.length;
          await call((client) => client.indices.putSettings({ index, body: { index: { refresh_interval: '1s' } } }));
          await catchUp(marks, index);
          await call((client) => client.indices.refresh({ index }));
          await call((client) =>
            client.indices.updateAliases({
              body: {
                actions: [
                  ...previous.map((old) => ({ remove: { index: old, alias } })),
                  { add: { index, alias, is_write_index: true } },
                ],
              },
            }),
          );
        } catch (error) {
          // Not swapped in: the live index is untouched; drop the half-built one.
          await connect()
            .then((client) => client.indices.delete({ index }))
            .catch(() => undefined);
          throw error;
        }
        // Writes that reached an old index between the catch-up and the swap.
        await catchUp(marks, index);
        await call((client) => client.indices.refresh({ index }));
        if (previous.length > 0) await call((client) => client.indices.delete({ index: previous }), [404]);
        ensured = Promise.resolve();
        stamp = undefined;
        return { indexed };
      }),

    stampDefinitions: (definitionsVersion) =>
      whileOpen(async () => {
        await ensureIndex();
        const current = await readStamp();
        if (current !== null && current >= definitionsVersion) return;
        await call((client) =>
          client.indices.putMapping({
            index: alias,
            body: { _meta: { [DEFINITIONS_VERSION_META]: definitionsVersion } },
          } as never),
        );
        stamp = undefined;
      }),

    async ping() {
      if (closed) return false;
      try {
        const client = await connect();
        const response = await client.cluster.health({ timeout: '2s' } as never);
        return (response.body as { status: string }).status !== 'red';
      } catch {
        return false;
      }
    },

    async close() {
      // Idempotent: the client's own close() never settles when called a second time.
      if (closed) return;
      closed = true;
      // Never built, or its package failed to load (the call that tried has reported it): nothing to close.
      const client = await connecting?.catch(() => undefined);
      await client?.close();
    },
  };
}

async function openClient(options: OpenSearchIndexOptions): Promise<Client> {
  const opensearch = await loadOpenSearch();
  return new opensearch.Client({
    node: options.endpoint,
    requestTimeout: options.requestTimeoutMs ?? 3_000,
    maxRetries: 1,
    ...(options.aws
      ? (await loadAwsSigner()).AwsSigv4Signer({
          region: options.aws.region,
          service: 'es',
          ...(options.aws.getCredentials ? { getCredentials: options.aws.getCredentials } : {}),
        })
      : {}),
  });
}

function errorType(body: unknown): string {
  return (body as { error?: { type?: string } } | undefined)?.error?.type ?? 'error';
}

/**
 * A reason safe to log: an error type and status, never the request (it may hold a search term). `errors` are the
 * package's error classes, undefined when the package could not be loaded (then no error is one of them).
 */
export function unavailable(error: unknown, errors: OpenSearchErrors | undefined): SearchUnavailableError {
  if (error instanceof SearchUnavailableError) return error;
  if (errors && error instanceof errors.ResponseError) {
    return new SearchUnavailableError(`HTTP ${error.statusCode} ${errorType(error.meta.body)}`, { cause: error });
  }
  if (errors && error instanceof errors.OpenSearchClientError) {
    return new SearchUnavailableError(error.name, { cause: error });
  }
  return new SearchUnavailableError(error instanceof Error ? error.name : 'unknown error', { cause: error });
}

// --- queries --------------------------------------------------------------------------------------------

/** Fields a free-text word is looked for in, with how much a match there counts. */
const TEXT_FIELDS: [field: string, boost: number][] = [
  ['name', 3],
  ['preferredName', 3],
  ['jobTitle', 1.5],
  ['department', 1.2],
  ['officeLocation', 1.2],
  ['skills', 1.5],
  ['workEmail', 1],
  ['customText', 1],
];

export function searchBody(query: SearchQuery) {
  const words = query.text.trim().split(/\s+/).filter(Boolean).slice(0, 10);
  const facets = facetsOf(query);
  const activeFacets = facets.filter((facet) => facet.selected.length > 0);

  const textQuery =
    words.length === 0
      ? { match_all: {} }
      : {
          bool: {
            // Every word must match somewhere (any field), forgiving typos, as a prefix or a whole word.
            must: words.map((word) => ({
              dis_max: {
                queries: [
                  ...TEXT_FIELDS.flatMap(([field, boost]) => [
                    // `and`: a word the analyzer splits (an email: "ada.l", "xyz.example") must match whole.
                    {
                      match: { [field]: { query: word, operator: 'and', fuzziness: TYPOS, prefix_length: 1, boost } },
                    },
                    { match: { [`${field}.prefix`]: { query: word, operator: 'and', boost: boost * 0.8 } } },
                  ]),
                  { match: { bio: { query: word, operator: 'and', fuzziness: TYPOS, prefix_length: 1, boost: 0.5 } } },
                ],
              },
            })),
            // Exact name first: the whole text as the name (or the preferred name) outranks everything else.
            should: [
              { match_phrase: { name: { query: query.text, boost: 10 } } },
              { match_phrase: { preferredName: { query: query.text, boost: 10 } } },
            ],
          },
        };

  return {
    from: query.page * query.pageSize,
    size: query.pageSize,
    track_total_hits: true,
    query: { bool: { must: [textQuery], filter: [{ term: { deleted: false } }] } },
    // Facet selections narrow the hits but not the aggregations, so each facet still shows its other values.
    ...(activeFacets.length > 0
      ? { post_filter: { bool: { filter: activeFacets.map((facet) => facet.filter) } } }
      : {}),
    aggs: Object.fromEntries(
      facets.map((facet) => [
        facet.agg,
        {
          // A facet's counts honour the other facets' selections, not its own.
          filter: {
            bool: { filter: activeFacets.filter((other) => other !== facet).map((other) => other.filter) },
          },
          aggs: {
            values: {
              terms: { ...facet.terms, size: FACET_LIMIT, order: [{ _count: 'desc' }, { _key: 'asc' }] },
            },
          },
        },
      ]),
    ),
    // A document indexed before the order keys existed has none until the next rebuild: it follows, by sortName.
    sort: [
      { _score: 'desc' },
      { [`nameOrder.${query.collation ?? 'root'}`]: { order: 'asc', missing: '_last', unmapped_type: 'keyword' } },
      { sortName: 'asc' },
      { id: 'asc' },
    ],
    highlight: {
      pre_tags: ['<mark>'],
      post_tags: ['</mark>'],
      encoder: 'html',
      number_of_fragments: 0,
      fields: Object.fromEntries(
        HIGHLIGHT_FIELDS.flatMap((field) =>
          field === 'bio'
            ? [[field, {}]]
            : [
                [field, {}],
                [`${field}.prefix`, {}],
              ],
        ),
      ),
    },
  };
}

interface FacetQuery {
  /** The aggregation's name in the request and the response. */
  agg: string;
  /** The HR-defined field's key; absent for a built-in facet. */
  customKey?: string;
  selected: string[];
  filter: object;
  terms: { field: string; include?: string };
}

/** Every facet of a query, the built-in ones and the HR-defined ones it asks to count, with their filters. */
function facetsOf(query: SearchQuery): FacetQuery[] {
  const builtIn = FACETS.map((facet): FacetQuery => {
    const selected = query.facets[facet]?.filter(Boolean) ?? [];
    const field = `${facet}.keyword`;
    return { agg: facet, selected, filter: { terms: { [field]: selected } }, terms: { field } };
  });
  const custom = [...new Set(query.customFacets?.keys ?? [])].map((key, index): FacetQuery => {
    const selected = query.customFacets?.selected[key]?.filter(Boolean) ?? [];
    return {
      agg: `custom_${index}`,
      customKey: key,
      selected,
      filter: { terms: { customFacetPairs: selected.map((value) => facetPair(key, value)) } },
      terms: { field: 'customFacetPairs', include: `${luceneRegexLiteral(key)}:.*` },
    };
  });
  return [...builtIn, ...custom];
}

/** `text` matching only itself in a Lucene regular expression (a terms aggregation's `include`). */
function luceneRegexLiteral(text: string): string {
  return text.replace(/[.?+*|{}[\]()"\\#@&<>~^$]/g, (char) => `\\${char}`);
}

interface RawSearchResponse {
  hits: {
    total: { value: number };
    hits: { _score: number | null; _source: StoredDocument; highlight?: Record<string, string[]> }[];
  };
  aggregations: Record<string, { values: { buckets: { key: string; doc_count: number }[] } }>;
}

function readResult(body: RawSearchResponse, query: SearchQuery): SearchResult {
  const hits: SearchHit[] = body.hits.hits.map((hit) => ({
    document: publicDocument(hit._source),
    score: hit._score ?? 0,
    highlights: query.text.trim() ? readHighlights(hit._source, hit.highlight ?? {}) : {},
  }));
  const counts = (facet: FacetQuery) =>
    body.aggregations[facet.agg].values.buckets.map((bucket): FacetCount => ({
      value: facet.customKey === undefined ? bucket.key : bucket.key.slice(facet.customKey.length + 1),
      count: bucket.doc_count,
    }));
  const asked = facetsOf(query);
  const facets = Object.fromEntries(
    asked.filter((facet) => facet.customKey === undefined).map((facet) => [facet.agg, counts(facet)]),
  ) as Record<FacetName, FacetCount[]>;
  const customFacets = Object.fromEntries(
    asked.flatMap((facet) => (facet.customKey === undefined ? [] : [[facet.customKey, counts(facet)]])),
  );
  return { total: body.hits.total.value, hits, facets, customFacets };
}

function publicDocument(stored: StoredDocument): SearchDocument {
  return {
    id: stored.id,
    version: stored.version,
    firstName: stored.firstName ?? '',
    lastName: stored.lastName ?? '',
    preferredName: stored.preferredName ?? null,
    jobTitle: stored.jobTitle ?? '',
    department: stored.department ?? '',
    officeLocation: stored.officeLocation ?? null,
    skills: stored.skills ?? [],
    bio: stored.bio ?? null,
    workEmail: stored.workEmail ?? '',
    photoId: stored.photoId ?? null,
    role: stored.role ?? 'employee',
    customText: stored.custom?.customText ?? {},
    customFacets: stored.custom?.customFacets ?? {},
  };
}

function readHighlights(stored: StoredDocument, raw: Record<string, string[]>): Highlights {
  const highlights: Highlights = {};
  for (const field of HIGHLIGHT_FIELDS) {
    const fragments = raw[field] ?? raw[`${field}.prefix`];
    if (!fragments || fragments.length === 0) continue;
    if (field === 'skills') {
      // One fragment per matched skill: show the whole list, the matched ones marked.
      const marked = new Map(fragments.map((fragment) => [fragment.replace(/<\/?mark>/g, ''), fragment]));
      highlights.skills = (stored.skills ?? [])
        .map((skill) => marked.get(escapeHtml(skill)) ?? escapeHtml(skill))
        .join(', ');
    } else {
      highlights[field] = fragments.join(' … ');
    }
  }
  return highlights;
}

/** As OpenSearch's `html` highlight encoder (Lucene's SimpleHTMLEncoder) escapes, so the two compare equal. */
const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '/': '&#x2F;',
};
function escapeHtml(text: string): string {
  return text.replace(/[&<>"'/]/g, (char) => HTML_ESCAPES[char]!);
}

function emptyResult(): SearchResult {
  return { total: 0, hits: [], facets: { department: [], officeLocation: [], skills: [] }, customFacets: {} };
}
