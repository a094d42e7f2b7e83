/**
 * The embedded search index: the local runtime's default, one per server, in the primary process (the workers ask
 * it over the cluster channel: ./search-index-ipc.server.ts, docs/decisions/007). Its words and documents are kept
 * in SQLite (an FTS5 table as the inverted index, a table of documents), in a file in DATA_DIR for the server and
 * in memory for a lone process; only what every search reads for every match is held in the process: each
 * document's name order key, facet values and field lengths (docs/decisions/029-embedded-index-on-disk.md).
 *
 * It behaves as the minisearch index it replaced: prefix and fuzzy matching, diacritics folded at index and query
 * time, BM25+ scores with fields boosted so a name outranks a bio, and a prefix or a typo weighing less than the
 * exact word (minisearch 7.2's weights); facets and highlights are counted and marked here.
 *
 * Zero-downtime rebuild: a new generation (its own tables) is filled while the live one keeps answering, writes
 * made during the rebuild go to both, and the new one replaces the live one at once. One version map (including
 * tombstones) spans generations, so neither a late event nor the rebuild's older snapshot of a row can roll an
 * employee back or bring a removed one back. The file records which generation is live and whether it was
 * completely built, so a restart resumes it (app/services/search-catch-up.server.ts) instead of rebuilding.
 */
import {
  FACET_LIMIT,
  FACET_NAMES,
  SEARCHABLE_FIELDS,
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
import { NAME_COLLATIONS, nameOrderKey, type NameCollation } from '~/i18n/name-order';
import { foldTerm, markWords, words } from './search-text';
import { IndexStore } from './index-store.server';

/** The built-in fields, and one field holding the text of every searchable field HR defines. */
const INDEXED_FIELDS = [...SEARCHABLE_FIELDS, 'customText'] as const;
type SearchField = (typeof INDEXED_FIELDS)[number];
const FIELD_COUNT = INDEXED_FIELDS.length;
/** The FTS5 table's columns: c0, c1, ... in INDEXED_FIELDS' order (short, as they come back once per word found). */
const COLUMNS = INDEXED_FIELDS.map((_, i) => `c${i}`).join(', ');

/** A name match outweighs a title, a title a department or skill, and all of them a word in a bio. */
const BOOST: Record<SearchField, number> = {
  firstName: 6,
  lastName: 6,
  preferredName: 6,
  jobTitle: 2.5,
  skills: 2,
  department: 1.5,
  officeLocation: 1.5,
  workEmail: 1,
  customText: 1,
  bio: 0.5,
};

/** minisearch 7.2's defaults, which the index's ranking was tuned with. */
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** Typos forgiven by word length: none up to 3 letters ("ann" must not find "bob"), 1 from 4, 2 from 7. */
export function typosAllowed(term: string): number {
  if (term.length >= 7) return 2;
  if (term.length >= 4) return 1;
  return 0;
}

/** Where a match is marked; the fields HR defines are matched but not shown on a card, so not marked. */
const HIGHLIGHT_OF: Record<SearchField, keyof Highlights | null> = {
  firstName: 'name',
  lastName: 'name',
  preferredName: 'name',
  jobTitle: 'jobTitle',
  department: 'department',
  officeLocation: 'officeLocation',
  skills: 'skills',
  bio: 'bio',
  workEmail: 'workEmail',
  customText: null,
};

/** Bumped when the file's tables or what they hold change: a file of another format is rebuilt. */
const FORMAT = '5';

/** What every search reads for every match, so kept in memory: the rest of a document is read for its page. */
interface FacetFields {
  department: string;
  officeLocation: string | null;
  skills: string[];
  customFacets: Record<string, string[]>;
}

/**
 * One document in memory: at 100,000 people every field here is 100,000 of it, so the facets are the entry's own
 * fields (not an object of their own) and the name keys do not repeat the id (a tie is broken by comparing ids).
 */
interface Entry extends FacetFields {
  slot: number;
  id: string;
  /**
   * Per collation (NAME_COLLATIONS' order), the name's order key (app/i18n/name-order.ts): ordering 100,000 matches
   * compares plain strings, not a collator.
   */
  nameKeys: string[];
}

interface Generation {
  /** Its tables' suffix. */
  number: number;
  /**
   * By slot, the FTS5 rowid and the docs table's key: an array, not a Map (slots are small and dense, and a Map of
   * 100,000 held about 7 MiB of hash table).
   */
  entries: Array<Entry | undefined>;
  /** How many documents it holds (the defined `entries`). */
  count: number;
  slotOf: Map<string, number>;
  nextSlot: number;
  /** Slots given up by a write or a removal, taken again before a new one (their words are already deleted). */
  freeSlots: number[];
  /** Each slot's word count per field (BM25's field length), FIELD_COUNT per slot. */
  lengths: Uint16Array;
  lengthSums: Float64Array;
  /** Every word indexed, by length: the candidates of a fuzzy match. A word no longer held matches no one. */
  vocabulary: Map<number, Set<string>>;
  /** Every document by name per collation, for the empty query; dropped on any write. */
  byName: Partial<Record<NameCollation, Entry[]>> | null;
  /**
   * The last few searches' narrowed matches and facet counts, by text and facets (not page): paging through
   * a result, or everyone opening the plain directory, does not count 100,000 facets again. Dropped on any write.
   */
  recent: Map<string, Narrowed>;
}

/** What a text matched: its documents, scored and ordered, and the indexed words it matched (null: no text). */
interface Matched {
  matches: Match[];
  found: ReadonlySet<string> | null;
}

interface Narrowed {
  narrowed: Match[];
  /** The indexed words the text matched (for the highlights). */
  found: ReadonlySet<string> | null;
  facets: Record<FacetName, FacetCount[]>;
  customFacets: Record<string, FacetCount[]>;
}

const RECENT_SEARCHES = 32;
/** How long a rebuild works before it lets the process's other work in (ms). */
const REBUILD_SLICE_MS = 10;
/** Documents a rebuild writes per transaction (FTS5 writes one segment per transaction). */
const REBUILD_BATCH = 200;
/** Rows per INSERT or DELETE of a batch: well under SQLite's 32,766 parameters. */
const ROWS_PER_STATEMENT = 100;
/** Documents read per query when a file is loaded. */
const LOAD_PAGE = 5_000;

/** A document's rows, as the FTS5 table and the docs table take them. */
interface PendingRows {
  words: unknown[];
  docs: unknown[];
}

interface GenerationWrites {
  inserts: Map<number, PendingRows>;
  deletes: number[];
  freed: number[];
}

/** The writes of a rebuild's batch, gathered to be written together (see EmbeddedSearchIndex.batched). */
interface PendingWrites {
  versions: Map<string, number>;
  of(generation: Generation): GenerationWrites;
}

/** Exactly the SearchDocument fields: whatever else a caller's object carries is never stored or indexed. */
function pickDocument(doc: SearchDocument): SearchDocument {
  return {
    id: doc.id,
    version: doc.version,
    firstName: doc.firstName,
    lastName: doc.lastName,
    preferredName: doc.preferredName,
    jobTitle: doc.jobTitle,
    department: doc.department,
    officeLocation: doc.officeLocation,
    skills: [...doc.skills],
    bio: doc.bio,
    workEmail: doc.workEmail,
    photoId: doc.photoId,
    role: doc.role,
    customText: { ...doc.customText },
    customFacets: Object.fromEntries(Object.entries(doc.customFacets).map(([key, values]) => [key, [...values]])),
  };
}

/**
 * The values many people share (a department, an office, a skill, a facet's label), one string each: every row
 * read brings its own copy of each, which at 100,000 people would hold megabytes. Cleared at each rebuild.
 */
type SharedStrings = Map<string, string>;

function shared(strings: SharedStrings, value: string): string {
  const known = strings.get(value);
  if (known !== undefined) return known;
  strings.set(value, value);
  return value;
}

const NO_SKILLS: string[] = Object.freeze([]) as unknown as string[];
const NO_CUSTOM_FACETS: Record<string, string[]> = Object.freeze({});

function facetFields(doc: FacetFields, strings: SharedStrings): FacetFields {
  const share = (value: string) => shared(strings, value);
  const customFacetEntries = Object.entries(doc.customFacets);
  return {
    department: share(doc.department),
    officeLocation: doc.officeLocation === null ? null : share(doc.officeLocation),
    skills: doc.skills.length === 0 ? NO_SKILLS : doc.skills.map(share),
    customFacets:
      customFacetEntries.length === 0
        ? NO_CUSTOM_FACETS
        : Object.fromEntries(customFacetEntries.map(([key, values]) => [share(key), values.map(share)])),
  };
}

/** The name's order keys, one per collation; stored space-separated (keys are [0-9a-z]). */
function nameKeys(doc: SearchDocument): string[] {
  const name = `${doc.lastName} ${doc.preferredName || doc.firstName}`;
  return NAME_COLLATIONS.map((collation) => nameOrderKey(name, collation));
}

/** By name in one collation (its index in NAME_COLLATIONS), people with the same key by id: always one order. */
function byNameKey(which: number): (a: Entry, b: Entry) => number {
  return (a, b) => {
    const left = a.nameKeys[which];
    const right = b.nameKeys[which];
    if (left !== right) return left < right ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/** A field's folded words, as indexed and as queried. */
function fieldWords(doc: SearchDocument, field: SearchField): string[] {
  const value =
    field === 'customText'
      ? Object.values(doc.customText).join(' ')
      : field === 'skills'
        ? doc.skills.join(' ')
        : ((doc[field] as string | null) ?? '');
  return words(value).map(foldTerm);
}

/** Each field's words as the FTS5 table holds them, in INDEXED_FIELDS' order. */
function indexedText(doc: SearchDocument): string[] {
  return INDEXED_FIELDS.map((field) => fieldWords(doc, field).join(' '));
}

/** A built-in facet by its name, or a facet on a field HR defines by `custom.<key>`. */
type FacetId = FacetName | `custom.${string}`;
const CUSTOM_PREFIX = 'custom.';

function facetValues(doc: FacetFields, facet: FacetId): string[] {
  if (facet.startsWith(CUSTOM_PREFIX)) return doc.customFacets[facet.slice(CUSTOM_PREFIX.length)] ?? [];
  if (facet === 'skills') return doc.skills;
  const value = doc[facet as Exclude<FacetName, 'skills'>];
  return value ? [value] : [];
}

/** The facets a query counts and the values it selects, built-in and HR-defined alike. */
function facetsOf(query: SearchQuery): Array<{ id: FacetId; selected: ReadonlySet<string> }> {
  const custom = query.customFacets;
  return [
    ...FACET_NAMES.map((facet) => ({ id: facet as FacetId, selected: new Set(query.facets[facet] ?? []) })),
    ...[...new Set(custom?.keys ?? [])].map((key) => ({
      id: `${CUSTOM_PREFIX}${key}` as FacetId,
      selected: new Set(custom?.selected[key] ?? []),
    })),
  ];
}

interface Match {
  entry: Entry;
  score: number;
  /**
   * The marked words, worked out the first time this match is shown: a repeated search (the recent searches keep
   * their matches) shows the same page again without marking every word of it again.
   */
  highlights?: Highlights;
}

/**
 * The highlights of one hit: in each shown field, the words the search matched (`found`: every indexed word a
 * query word matched, exactly, as a prefix or with a typo). A document matched such a word in a field exactly when
 * the field holds it, so this marks what the index matched without keeping each match's words in memory.
 */
function markedTexts(found: ReadonlySet<string> | null, doc: SearchDocument): Highlights {
  if (!found || found.size === 0) return {};
  const terms = new Map<keyof Highlights, Set<string>>();
  for (const field of INDEXED_FIELDS) {
    const key = HIGHLIGHT_OF[field];
    if (!key) continue;
    for (const word of fieldWords(doc, field)) {
      if (!found.has(word)) continue;
      if (!terms.has(key)) terms.set(key, new Set());
      terms.get(key)!.add(word);
    }
  }
  const texts: Record<keyof Highlights, string | null> = {
    name: `${doc.preferredName || doc.firstName} ${doc.lastName}`,
    jobTitle: doc.jobTitle,
    department: doc.department,
    officeLocation: doc.officeLocation,
    skills: doc.skills.join(', '),
    bio: doc.bio,
    workEmail: doc.workEmail,
  };
  const highlights: Highlights = {};
  for (const [key, matchedTerms] of terms) {
    const text = texts[key];
    if (!text) continue;
    const marked = markWords(text, matchedTerms);
    if (marked.includes('<mark>')) highlights[key] = marked;
  }
  return highlights;
}

/** Levenshtein distance, or `max + 1` as soon as it must exceed `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length];
}

/** The highest code point: `term + LAST` bounds every word that starts with `term` (SQLite compares UTF-8 bytes). */
const LAST = '\u{10ffff}';

export interface EmbeddedSearchIndexOptions {
  /**
   * Answer "unavailable" until the first rebuild has finished, or a resumed file has caught up (the server's
   * index: an empty index would wrongly say nobody matches). Off for an index filled by upserts alone.
   */
  awaitFirstBuild?: boolean;
  /** How many recent searches' matches and counts to keep (0: none, e.g. to benchmark the real work). */
  recentSearches?: number;
  /** The file that keeps the index between starts (the server's primary); none: an in-memory database. */
  file?: string;
  /**
   * Only read the file (the residue scan, beside a running server that writes it): answers at once from the live
   * generation it finds, and refuses every write.
   */
  readOnly?: boolean;
}

/** What a file kept from the last run, for the catch-up at start: null when there is nothing to resume. */
export interface SavedIndex {
  definitionsVersion: number | null;
  /** The newest version per employee, removals included. */
  versions: ReadonlyMap<string, number>;
}

export class EmbeddedSearchIndex implements SearchIndex {
  private store!: IndexStore;
  private live!: Generation;
  private building: Generation | null = null;
  /** The newest version seen per employee, removals included (tombstones); also in the file's `versions`. */
  private readonly versions = new Map<string, number>();
  private strings: SharedStrings = new Map();
  private ready: boolean;
  private closed = false;
  /** Whether the file's live generation was completely built (by a rebuild) before this run. */
  private saved = false;
  private rebuilds: Promise<unknown> = Promise.resolve();
  /** Searches, writes and each slice of a rebuild run one at a time: each sees the tables and memory agree. */
  private turn: Promise<unknown>;
  /** The version of HR's field definitions the live generation answers for; null until first stamped. */
  private definitionsVersion: number | null = null;

  private readonly recentSearches: number;
  private readonly readOnly: boolean;

  constructor(options: EmbeddedSearchIndexOptions = {}) {
    this.readOnly = Boolean(options.readOnly && options.file);
    this.ready = this.readOnly || !options.awaitFirstBuild;
    this.recentSearches = options.recentSearches ?? RECENT_SEARCHES;
    // Opened (and, from a file, loaded) at the first call that needs it, not here: the server's primary makes its
    // index before its workers start, and loading 100,000 documents then would slow their start.
    this.file = options.file ?? null;
    this.turn = Promise.resolve();
  }

  get size(): number {
    return this.live?.count ?? 0;
  }

  /** The file this index keeps (null: in memory). */
  readonly file: string | null;
  private opening: Promise<void> | null = null;
  /** While a rebuild's batch runs: its writes, gathered (see `batched`). */
  private pending: PendingWrites | null = null;

  async upsert(doc: SearchDocument): Promise<void> {
    this.assertWritable();
    return this.exclusive(async () => {
      const known = this.versions.get(doc.id);
      if (known !== undefined && doc.version <= known) return;
      const stored = pickDocument(doc);
      await this.put(this.live, stored);
      if (this.building) await this.put(this.building, stored);
      await this.setVersion(doc.id, doc.version);
    });
  }

  async remove(id: string, version: number): Promise<void> {
    this.assertWritable();
    return this.exclusive(async () => {
      const known = this.versions.get(id);
      if (known !== undefined && version <= known) return;
      await this.drop(this.live, id);
      if (this.building) await this.drop(this.building, id);
      await this.setVersion(id, version);
    });
  }

  async forget(id: string): Promise<void> {
    this.assertWritable();
    return this.exclusive(async () => {
      await this.drop(this.live, id);
      if (this.building) await this.drop(this.building, id);
      this.versions.delete(id);
      await this.store.run('DELETE FROM versions WHERE id = ?', [id]);
      // The write-ahead log still holds the pages as they were before: fold it into the file and empty it, so the
      // erased person's text is nowhere in DATA_DIR.
      if (this.store.file) await this.store.run('PRAGMA wal_checkpoint(TRUNCATE)');
    });
  }

  async holds(id: string): Promise<boolean> {
    return this.exclusive(
      async () => this.versions.has(id) || this.live.slotOf.has(id) || Boolean(this.building?.slotOf.has(id)),
    );
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    this.assertOpen();
    if (!this.ready) throw new SearchUnavailableError('the index is still being built');
    if (!answersForDefinitions(this.definitionsVersion, query.definitionsVersion))
      throw new IndexBehindDefinitionsError();
    return this.exclusive(async () => {
      const generation = this.live;
      const collation = query.collation ?? 'root';
      const key = JSON.stringify([
        query.text,
        collation,
        facetsOf(query).map(({ id, selected }) => [id, [...selected].sort()]),
      ]);
      let found = generation.recent.get(key);
      if (found) {
        generation.recent.delete(key); // re-inserted below: most recently used last
      } else {
        found = this.narrow(query, await this.match(generation, query.text, collation));
        if (generation.recent.size >= this.recentSearches)
          generation.recent.delete(generation.recent.keys().next().value!);
      }
      if (this.recentSearches > 0) generation.recent.set(key, found);
      const { narrowed, facets, customFacets } = found;
      const start = query.page * query.pageSize;
      const page = narrowed.slice(start, start + query.pageSize);
      const documents = await this.read(
        generation,
        page.map((match) => match.entry.slot),
      );
      const hits: SearchHit[] = page.map((match) => {
        const document = documents.get(match.entry.slot)!;
        match.highlights ??= markedTexts(found.found, document);
        return { document, score: match.score, highlights: { ...match.highlights } };
      });
      return { total: narrowed.length, hits, facets, customFacets };
    });
  }

  async rebuild(
    docs: AsyncIterable<SearchDocument>,
    options: { definitionsVersion?: number } = {},
  ): Promise<{ indexed: number }> {
    this.assertWritable();
    const run = this.rebuilds.then(() => this.rebuildNow(docs, options.definitionsVersion));
    this.rebuilds = run.catch(() => {});
    return run;
  }

  async stampDefinitions(definitionsVersion: number): Promise<void> {
    this.assertWritable();
    return this.exclusive(async () => {
      this.definitionsVersion = Math.max(this.definitionsVersion ?? definitionsVersion, definitionsVersion);
      await this.setMeta('definitions', String(this.definitionsVersion));
    });
  }

  async ping(): Promise<boolean> {
    return !this.closed && this.ready;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.building = null;
    await this.turn.catch(() => {});
    if (this.opening) await this.opening.then(() => this.store.close()).catch(() => {});
  }

  /**
   * What the file kept from the last run, once it is open: null when there is nothing to resume (an in-memory
   * index, a new or other-format file, a first build that never finished).
   */
  async savedState(): Promise<SavedIndex | null> {
    return this.exclusive(async () =>
      // The live map, not a copy (100,000 entries): the catch-up reads it before it writes anything.
      this.saved ? { definitionsVersion: this.definitionsVersion, versions: this.versions } : null,
    );
  }

  /** A resumed index has caught up with the database: it answers from now on. */
  markCaughtUp(): void {
    this.assertOpen();
    this.ready = true;
  }

  /** Runs `work` in its turn: searches, writes and rebuild slices never interleave (see `turn`). */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    this.assertOpen();
    const run = this.turn.then(async () => {
      this.opening ??= this.readOnly ? this.openToRead(this.file!) : this.open(this.file);
      await this.opening;
      this.assertOpen();
      return work();
    });
    this.turn = run.catch(() => {});
    return run;
  }

  private async open(file: string | null): Promise<void> {
    this.store = await IndexStore.open(file);
    const store = this.store;
    await store.run('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    await store.run(
      'CREATE TABLE IF NOT EXISTS versions (id TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID',
    );
    const meta = new Map(
      (await store.all<{ key: string; value: string }>('SELECT key, value FROM meta')).map((row) => [
        row.key,
        row.value,
      ]),
    );
    if (meta.get('format') !== FORMAT) {
      for (const table of await this.generationTables()) await store.run(`DROP TABLE IF EXISTS "${table.name}"`);
      await store.run('DELETE FROM versions');
      await store.run('DELETE FROM meta');
      await this.setMeta('format', FORMAT);
      meta.clear();
    }
    const liveNumber = Number(meta.get('live') ?? 0);
    // A rebuild the last run did not finish left its tables behind: they are not the live generation's.
    for (const table of await this.generationTables()) {
      if (table.generation !== liveNumber) await store.run(`DROP TABLE IF EXISTS "${table.name}"`);
    }
    this.live = await this.createGeneration(liveNumber);
    await this.load(this.live);
    await this.loadVersions();
    this.saved = meta.get('complete') === '1';
    this.definitionsVersion = meta.has('definitions') ? Number(meta.get('definitions')) : null;
  }

  private async generationTables(): Promise<Array<{ name: string; generation: number }>> {
    const rows = await this.store.all<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB '[a-z]*_g[0-9]*'",
    );
    // The vocabularies first: they read the FTS5 table they are made over.
    const order = ['postings', 'vocabulary', 'words', 'docs'];
    return rows
      .map((row) => ({ name: row.name, match: /^(docs|words|postings|vocabulary)_g(\d+)$/.exec(row.name) }))
      .filter((row) => row.match)
      .sort((a, b) => order.indexOf(a.match![1]) - order.indexOf(b.match![1]))
      .map((row) => ({ name: row.name, generation: Number(row.match![2]) }));
  }

  /** A generation's tables (made when missing) and an empty memory of them. */
  private async createGeneration(number: number): Promise<Generation> {
    const g = `_g${number}`;
    const store = this.store;
    await store.run(
      `CREATE TABLE IF NOT EXISTS docs${g} (slot INTEGER PRIMARY KEY, id TEXT NOT NULL, name_key TEXT NOT NULL,` +
        ' facets TEXT NOT NULL, lengths TEXT NOT NULL, body TEXT NOT NULL)',
    );
    // The words are folded here (search-text.ts) and joined by spaces; the `ascii` tokenizer splits on exactly
    // those spaces, so the index holds the words minisearch held. Contentless: the text is in docs, once. A row is
    // deleted with FTS5's 'delete' command and its words (made again from docs): a DELETE of a contentless row
    // (`contentless_delete`) only hides it, and its words stayed in the file.
    await store.run(
      `CREATE VIRTUAL TABLE IF NOT EXISTS words${g} USING fts5(${COLUMNS}, tokenize = 'ascii', content = '')`,
    );
    // A deleted row's words are taken out of the index's pages at once, not left for a later merge.
    await store.run(`INSERT INTO words${g}(words${g}, rank) VALUES ('secure-delete', 1)`);
    await store.run(`CREATE VIRTUAL TABLE IF NOT EXISTS postings${g} USING fts5vocab(words${g}, 'instance')`);
    await store.run(`CREATE VIRTUAL TABLE IF NOT EXISTS vocabulary${g} USING fts5vocab(words${g}, 'row')`);
    return emptyGeneration(number);
  }

  /** The file as the server left it, read only: its live generation, versions and stamp. */
  private async openToRead(file: string): Promise<void> {
    this.store = await IndexStore.open(file, { readOnly: true });
    const tables = new Set(
      (await this.store.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")).map(
        (t) => t.name,
      ),
    );
    const meta = tables.has('meta')
      ? new Map(
          (await this.store.all<{ key: string; value: string }>('SELECT key, value FROM meta')).map((row) => [
            row.key,
            row.value,
          ]),
        )
      : new Map<string, string>();
    this.live = emptyGeneration(Number(meta.get('live') ?? 0));
    if (tables.has(`docs_g${this.live.number}`)) await this.load(this.live);
    if (tables.has('versions')) await this.loadVersions();
    this.definitionsVersion = meta.has('definitions') ? Number(meta.get('definitions')) : null;
  }

  private async dropGeneration(generation: Generation): Promise<void> {
    const g = `_g${generation.number}`;
    for (const table of [`postings${g}`, `vocabulary${g}`, `words${g}`, `docs${g}`])
      await this.store.run(`DROP TABLE IF EXISTS ${table}`);
  }

  /** The versions, as one string: 100,000 rows as objects made the primary's peak tens of MiB higher. */
  private async loadVersions(): Promise<void> {
    const [row] = await this.store.all<{ versions: string | null }>(
      "SELECT group_concat(id || ' ' || version, ',') AS versions FROM versions",
    );
    for (const pair of row?.versions?.split(',') ?? []) {
      const space = pair.indexOf(' ');
      this.versions.set(pair.slice(0, space), Number(pair.slice(space + 1)));
    }
  }

  /** The generation's memory from its tables (a restart). */
  private async load(generation: Generation): Promise<void> {
    const g = `_g${generation.number}`;
    // In pages by slot: one row at a time (`each`) took twice as long, all at once held every row twice.
    for (let after = 0; ;) {
      const rows = await this.store.all<{
        slot: number;
        id: string;
        name_key: string;
        facets: string;
        lengths: string;
      }>(`SELECT slot, id, name_key, facets, lengths FROM docs${g} WHERE slot > ? ORDER BY slot LIMIT ?`, [
        after,
        LOAD_PAGE,
      ]);
      for (const row of rows) {
        const entry: Entry = {
          slot: row.slot,
          id: row.id,
          nameKeys: row.name_key.split(' '),
          ...facetFields(JSON.parse(row.facets) as FacetFields, this.strings),
        };
        remember(generation, entry, row.lengths.split(',').map(Number));
        generation.nextSlot = Math.max(generation.nextSlot, row.slot + 1);
      }
      if (rows.length < LOAD_PAGE) break;
      after = rows[rows.length - 1].slot;
    }
    // The vocabulary as one string: 100,000 words as rows cost twice the time.
    const [vocabulary] = await this.store.all<{ words: string | null }>(
      `SELECT group_concat(term, ' ') AS words FROM vocabulary${g}`,
    );
    for (const word of vocabulary?.words?.split(' ') ?? []) addWord(generation, word);
  }

  private async put(generation: Generation, doc: SearchDocument): Promise<void> {
    const slot = generation.freeSlots.pop() ?? generation.nextSlot++;
    const fields = INDEXED_FIELDS.map((field) => fieldWords(doc, field));
    const lengths = fields.map((list) => Math.min(list.length, 0xffff));
    const facets: FacetFields = {
      department: doc.department,
      officeLocation: doc.officeLocation,
      skills: doc.skills,
      customFacets: doc.customFacets,
    };
    const entry: Entry = { slot, id: doc.id, nameKeys: nameKeys(doc), ...facetFields(facets, this.strings) };
    const rows: PendingRows = {
      words: [slot, ...indexedText(doc)],
      docs: [slot, doc.id, entry.nameKeys.join(' '), JSON.stringify(facets), lengths.join(','), JSON.stringify(doc)],
    };
    if (this.pending) this.pending.of(generation).inserts.set(slot, rows);
    else await this.insertRows(generation, [rows]);
    await this.drop(generation, doc.id);
    remember(generation, entry, lengths);
    for (const list of fields) for (const word of list) addWord(generation, word);
  }

  private async drop(generation: Generation, id: string): Promise<void> {
    const slot = generation.slotOf.get(id);
    if (slot === undefined) return;
    forgetEntry(generation, slot);
    if (this.pending) {
      // Not free for another document before the batch is written: its rows may still be waiting to be deleted.
      const writes = this.pending.of(generation);
      if (!writes.inserts.delete(slot)) writes.deletes.push(slot);
      writes.freed.push(slot);
      return;
    }
    await this.deleteRows(generation, [slot]);
    generation.freeSlots.push(slot);
  }

  private async setVersion(id: string, version: number): Promise<void> {
    this.versions.set(id, version);
    if (this.pending) this.pending.versions.set(id, version);
    else await this.writeVersions([[id, version]]);
  }

  private async insertRows(generation: Generation, rows: PendingRows[]): Promise<void> {
    const g = `_g${generation.number}`;
    for (let at = 0; at < rows.length; at += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(at, at + ROWS_PER_STATEMENT);
      const wordsRow = `(?${', ?'.repeat(FIELD_COUNT)})`;
      await this.store.run(
        `INSERT INTO words${g}(rowid, ${COLUMNS}) VALUES ${chunk.map(() => wordsRow).join(', ')}`,
        chunk.flatMap((row) => row.words),
      );
      await this.store.run(
        `INSERT INTO docs${g}(slot, id, name_key, facets, lengths, body) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((row) => row.docs),
      );
    }
  }

  private async deleteRows(generation: Generation, slots: number[]): Promise<void> {
    const g = `_g${generation.number}`;
    for (let at = 0; at < slots.length; at += ROWS_PER_STATEMENT) {
      const chunk = slots.slice(at, at + ROWS_PER_STATEMENT);
      const list = chunk.map(() => '?').join(', ');
      const rows = await this.store.all<{ slot: number; body: string }>(
        `SELECT slot, body FROM docs${g} WHERE slot IN (${list})`,
        chunk,
      );
      if (rows.length > 0) {
        // The words exactly as they were inserted: the 'delete' command needs them to take each one out.
        const wordsRow = `('delete', ?${', ?'.repeat(FIELD_COUNT)})`;
        await this.store.run(
          `INSERT INTO words${g}(words${g}, rowid, ${COLUMNS}) VALUES ${rows.map(() => wordsRow).join(', ')}`,
          rows.flatMap((row) => [row.slot, ...indexedText(JSON.parse(row.body) as SearchDocument)]),
        );
      }
      await this.store.run(`DELETE FROM docs${g} WHERE slot IN (${list})`, chunk);
    }
  }

  private async writeVersions(versions: Array<[string, number]>): Promise<void> {
    for (let at = 0; at < versions.length; at += ROWS_PER_STATEMENT) {
      const chunk = versions.slice(at, at + ROWS_PER_STATEMENT);
      await this.store.run(
        `INSERT INTO versions(id, version) VALUES ${chunk.map(() => '(?, ?)').join(', ')}` +
          ' ON CONFLICT(id) DO UPDATE SET version = excluded.version',
        chunk.flat(),
      );
    }
  }

  /** Runs `work` with its writes gathered, then writes them in one transaction, a few statements for a batch. */
  private async batched(work: () => Promise<void>): Promise<void> {
    const byGeneration = new Map<Generation, GenerationWrites>();
    const pending: PendingWrites = {
      versions: new Map(),
      of: (generation) => {
        let writes = byGeneration.get(generation);
        if (!writes) byGeneration.set(generation, (writes = { inserts: new Map(), deletes: [], freed: [] }));
        return writes;
      },
    };
    this.pending = pending;
    try {
      await work();
    } finally {
      this.pending = null;
    }
    await this.store.run('BEGIN');
    try {
      for (const [generation, writes] of byGeneration) {
        await this.deleteRows(generation, writes.deletes);
        await this.insertRows(generation, [...writes.inserts.values()]);
      }
      await this.writeVersions([...pending.versions]);
      await this.store.run('COMMIT');
    } catch (error) {
      await this.store.run('ROLLBACK').catch(() => {});
      throw error;
    }
    for (const [generation, writes] of byGeneration) generation.freeSlots.push(...writes.freed);
  }

  private setMeta(key: string, value: string): Promise<void> {
    return this.store.run(
      'INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      [key, value],
    );
  }

  /** The documents in these slots, as handed out (copies: nothing a caller changes reaches the index). */
  private async read(generation: Generation, slots: number[]): Promise<Map<number, SearchDocument>> {
    if (slots.length === 0) return new Map();
    const rows = await this.store.all<{ slot: number; body: string }>(
      `SELECT slot, body FROM docs_g${generation.number} WHERE slot IN (${slots.map(() => '?').join(', ')})`,
      slots,
    );
    return new Map(rows.map((row) => [row.slot, JSON.parse(row.body) as SearchDocument]));
  }

  private narrow(query: SearchQuery, { matches, found }: Matched): Narrowed {
    const all = facetsOf(query);
    const ids = all.map(({ id }) => id);
    const selected = all.filter(({ selected: values }) => values.size > 0);
    const counts = new Map(ids.map((id) => [id, new Map<string, number>()]));
    const narrowed: Match[] = [];
    for (const match of matches) {
      const facets = match.entry;
      // Disjunctive facets: a match failing only facet F still counts towards F's other values.
      const failed = selected.filter(({ id, selected: values }) => !facetValues(facets, id).some((v) => values.has(v)));
      if (failed.length > 1) continue;
      for (const facet of failed.length === 1 ? [failed[0].id] : ids) {
        const facetCounts = counts.get(facet)!;
        for (const value of new Set(facetValues(facets, facet))) {
          facetCounts.set(value, (facetCounts.get(value) ?? 0) + 1);
        }
      }
      if (failed.length === 0) narrowed.push(match);
    }
    const facets = Object.fromEntries(FACET_NAMES.map((facet) => [facet, topCounts(counts.get(facet)!)])) as Record<
      FacetName,
      FacetCount[]
    >;
    const customFacets = Object.fromEntries(
      ids
        .filter((id) => id.startsWith(CUSTOM_PREFIX))
        .map((id) => [id.slice(CUSTOM_PREFIX.length), topCounts(counts.get(id)!)]),
    );
    return { narrowed, found, facets, customFacets };
  }

  private async rebuildNow(
    docs: AsyncIterable<SearchDocument>,
    definitionsVersion: number | undefined,
  ): Promise<{ indexed: number }> {
    const next = await this.exclusive(async () => {
      const generation = await this.createGeneration(this.live.number + 1);
      this.building = generation;
      this.strings = new Map();
      return generation;
    });
    let batch: SearchDocument[] = [];
    let sliceStarted = performance.now();
    const write = () =>
      this.exclusive(async () => {
        if (this.building !== next) throw new SearchUnavailableError('the index was closed during a rebuild');
        const docs = batch;
        batch = [];
        await this.batched(async () => {
          for (const doc of docs) await this.rebuildOne(next, doc);
        });
      });
    try {
      for await (const doc of docs) {
        batch.push(doc);
        if (batch.length >= REBUILD_BATCH || performance.now() - sliceStarted >= REBUILD_SLICE_MS) {
          await write();
          // Let searches, event writes and (locally) the emulators' requests in between: a rebuild of 100,000 must
          // not stall the process. By time, not by count: a thousand documents took 1-2 s on a loaded machine,
          // long enough for a worker's /readyz call to an emulator in this process to time out.
          await new Promise((resolve) => setImmediate(resolve));
          sliceStarted = performance.now();
        }
      }
      await write();
      return await this.exclusive(async () => {
        if (this.building !== next) throw new SearchUnavailableError('the index was closed during a rebuild');
        const previous = this.live;
        this.live = next;
        this.building = null;
        this.ready = true;
        this.saved = true;
        await this.store.run('BEGIN');
        await this.setMeta('live', String(next.number));
        await this.setMeta('complete', '1');
        if (definitionsVersion !== undefined) {
          this.definitionsVersion = Math.max(this.definitionsVersion ?? definitionsVersion, definitionsVersion);
          await this.setMeta('definitions', String(this.definitionsVersion));
        }
        await this.store.run('COMMIT');
        await this.dropGeneration(previous);
        return { indexed: next.count };
      });
    } catch (error) {
      if (this.building === next) this.building = null;
      if (!this.closed) await this.exclusive(() => this.dropGeneration(next)).catch(() => {});
      throw error;
    }
  }

  /** One document the rebuild read: taken unless the live index already has a newer state of that employee. */
  private async rebuildOne(next: Generation, doc: SearchDocument): Promise<void> {
    const known = this.versions.get(doc.id);
    if (known === undefined || doc.version > known) {
      const stored = pickDocument(doc);
      await this.put(next, stored);
      // The live generation gets it too: should this rebuild fail, the live one stays as new as the versions.
      if (known !== undefined) await this.put(this.live, stored);
      await this.setVersion(doc.id, doc.version);
    } else if (doc.version === known && this.live.slotOf.has(doc.id)) {
      // The same row read again, projected with the definitions in force when this rebuild began (a field
      // made HR-only, an option renamed): the new generation takes this projection, not the live one's.
      await this.put(next, pickDocument(doc));
    } else if (!next.slotOf.has(doc.id)) {
      // The live index already has a newer state (an event during the rebuild, written to both) or a removal.
      const slot = this.live.slotOf.get(doc.id);
      if (slot !== undefined) await this.put(next, (await this.read(this.live, [slot])).get(slot)!);
    }
  }

  private async match(generation: Generation, text: string, collation: NameCollation): Promise<Matched> {
    const byKey = byNameKey(NAME_COLLATIONS.indexOf(collation));
    const terms = words(text).map(foldTerm);
    if (terms.length === 0) {
      generation.byName ??= {};
      const byName = (generation.byName[collation] ??= generation.entries
        .filter((entry) => entry !== undefined)
        .sort(byKey));
      return { matches: byName.map((entry) => ({ entry, score: 0 })), found: null };
    }
    // Every word must match (AND); a document's score is the sum of its words' scores.
    let combined: Map<number, number> | null = null;
    const found = new Set<string>();
    for (const term of terms) {
      const { scores, words: matchedWords } = await this.matchTerm(generation, term);
      for (const word of matchedWords) found.add(word);
      if (combined === null) {
        combined = scores;
      } else {
        const both = new Map<number, number>();
        for (const [slot, earlier] of combined) {
          const later = scores.get(slot);
          if (later !== undefined) both.set(slot, earlier + later);
        }
        combined = both;
      }
      if (combined.size === 0) return { matches: [], found };
    }
    // As minisearch: the score times the number of distinct query words the document matched (here, all).
    const quality = new Set(terms).size;
    const matches: Match[] = [];
    for (const [slot, score] of combined!) matches.push({ entry: generation.entries[slot]!, score: score * quality });
    return { matches: matches.sort((a, b) => b.score - a.score || byKey(a.entry, b.entry)), found };
  }

  /**
   * The documents one query word matches, with minisearch 7.2's scoring: each indexed word that equals it, starts
   * with it, or is within its allowed typos, weighted (exact 1, a prefix a little less the longer it runs on, a
   * typo less still), times BM25+ in each field times the field's boost.
   */
  private async matchTerm(
    generation: Generation,
    term: string,
  ): Promise<{ scores: Map<number, number>; words: string[] }> {
    const g = `_g${generation.number}`;
    // One row per indexed word, its occurrences as "slot c<field>" pairs: a word in 100,000 documents comes back as
    // one string, not as 100,000 rows (each a JavaScript object: a one-letter query held hundreds of MiB that way).
    const found: Array<{ term: string; weight: number; hits: string }> = [];
    const occurrencesOf = `SELECT term, group_concat(doc || col, ' ') AS hits FROM postings${g}`;
    for (const row of await this.store.all<{ term: string; hits: string }>(
      `${occurrencesOf} WHERE term >= ? AND term < ? GROUP BY term`,
      [term, term + LAST],
    )) {
      const distance = row.term.length - term.length;
      const weight = distance === 0 ? 1 : (PREFIX_WEIGHT * row.term.length) / (row.term.length + 0.3 * distance);
      found.push({ ...row, weight });
    }
    const typos = typosAllowed(term);
    if (typos > 0) {
      for (let length = term.length - typos; length <= term.length + typos; length += 1) {
        for (const word of generation.vocabulary.get(length) ?? []) {
          if (word.startsWith(term)) continue; // scored as a prefix above
          const distance = editDistance(term, word, typos);
          if (distance === 0 || distance > typos) continue;
          const weight = (FUZZY_WEIGHT * word.length) / (word.length + distance);
          const rows = await this.store.all<{ term: string; hits: string }>(`${occurrencesOf} WHERE term = ?`, [word]);
          for (const row of rows) if (row.hits) found.push({ ...row, weight });
        }
      }
    }
    const documentCount = generation.count;
    const scores = new Map<number, number>();
    for (const { term: word, weight, hits } of found) {
      // Term frequency per field and live document.
      const byField: Array<Map<number, number> | undefined> = [];
      for (const pair of hits.split(' ')) {
        const at = pair.indexOf('c');
        const slot = Number(pair.slice(0, at));
        if (generation.entries[slot] === undefined) continue;
        const fieldNumber = Number(pair.slice(at + 1));
        const frequencies = (byField[fieldNumber] ??= new Map());
        frequencies.set(slot, (frequencies.get(slot) ?? 0) + 1);
      }
      byField.forEach((frequencies, fieldNumber) => {
        if (!frequencies) return;
        const field = INDEXED_FIELDS[fieldNumber];
        const boosted = weight * BOOST[field];
        const averageLength = generation.lengthSums[fieldNumber] / documentCount;
        const inverse = Math.log(1 + (documentCount - frequencies.size + 0.5) / (frequencies.size + 0.5));
        for (const [slot, frequency] of frequencies) {
          const length = generation.lengths[slot * FIELD_COUNT + fieldNumber];
          const bm25 =
            inverse *
            (BM25.d +
              (frequency * (BM25.k + 1)) / (frequency + BM25.k * (1 - BM25.b + (BM25.b * length) / averageLength)));
          scores.set(slot, (scores.get(slot) ?? 0) + boosted * bm25);
        }
      });
    }
    return { scores, words: found.map((row) => row.term) };
  }

  private assertOpen(): void {
    if (this.closed) throw new SearchUnavailableError('the index is closed');
  }

  private assertWritable(): void {
    if (this.readOnly) throw new Error('this embedded search index was opened to read only');
  }
}

function emptyGeneration(number: number): Generation {
  return {
    number,
    entries: [],
    count: 0,
    slotOf: new Map(),
    nextSlot: 1,
    freeSlots: [],
    lengths: new Uint16Array(FIELD_COUNT * 1024),
    lengthSums: new Float64Array(FIELD_COUNT),
    vocabulary: new Map(),
    byName: null,
    recent: new Map(),
  };
}

function remember(generation: Generation, entry: Entry, lengths: number[]): void {
  generation.entries[entry.slot] = entry;
  generation.count += 1;
  generation.slotOf.set(entry.id, entry.slot);
  const needed = (entry.slot + 1) * FIELD_COUNT;
  if (needed > generation.lengths.length) {
    const grown = new Uint16Array(Math.max(needed, generation.lengths.length * 2));
    grown.set(generation.lengths);
    generation.lengths = grown;
  }
  for (let field = 0; field < FIELD_COUNT; field += 1) {
    generation.lengths[entry.slot * FIELD_COUNT + field] = lengths[field];
    generation.lengthSums[field] += lengths[field];
  }
  generation.byName = null;
  generation.recent.clear();
}

function forgetEntry(generation: Generation, slot: number): void {
  const entry = generation.entries[slot];
  if (!entry) return;
  generation.entries[slot] = undefined;
  generation.count -= 1;
  if (generation.slotOf.get(entry.id) === slot) generation.slotOf.delete(entry.id);
  for (let field = 0; field < FIELD_COUNT; field += 1) {
    generation.lengthSums[field] -= generation.lengths[slot * FIELD_COUNT + field];
  }
  generation.byName = null;
  generation.recent.clear();
}

function addWord(generation: Generation, word: string): void {
  let words = generation.vocabulary.get(word.length);
  if (!words) generation.vocabulary.set(word.length, (words = new Set()));
  words.add(word);
}

function topCounts(counts: Map<string, number>): FacetCount[] {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .slice(0, FACET_LIMIT);
}
