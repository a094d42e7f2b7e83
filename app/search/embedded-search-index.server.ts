/**
 * The embedded search index (minisearch 7.2): the local runtime's default, one per server, in the primary
 * process (the workers ask it over the cluster channel: ./search-index-ipc.server.ts, docs/decisions/007).
 * Prefix and fuzzy matching, diacritics folded at index and query time, fields boosted so a name outranks a
 * bio; facets and highlights are counted and marked here because minisearch has neither.
 *
 * Zero-downtime rebuild: a new generation is filled while the live one keeps answering, writes made during
 * the rebuild go to both, and the new one replaces the live one in a single assignment. One version map
 * (including tombstones) spans generations, so neither a late event nor the rebuild's older snapshot of a
 * row can roll an employee back or bring a removed one back.
 */
import MiniSearch, { type SearchResult as MiniResult } from 'minisearch';
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
import { foldTerm, markWords, words } from './search-text';

/** The built-in fields, and one field holding the text of every searchable field HR defines. */
const INDEXED_FIELDS = [...SEARCHABLE_FIELDS, 'customText'] as const;
type SearchField = (typeof INDEXED_FIELDS)[number];

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

interface Generation {
  mini: MiniSearch<SearchDocument>;
  docs: Map<string, SearchDocument>;
  /** Each document's name order key (folded last name, given name, id), compared as plain strings. */
  nameKeys: Map<string, string>;
  /** Every document by name, for the empty query; dropped on any write. */
  byName: SearchDocument[] | null;
  /**
   * The last few searches' narrowed matches and facet counts, by text and facets (not page): paging through
   * a result, or everyone opening the plain directory, does not count 100,000 facets again. Dropped on any write.
   */
  recent: Map<string, Narrowed>;
}

interface Narrowed {
  narrowed: Match[];
  facets: Record<FacetName, FacetCount[]>;
  customFacets: Record<string, FacetCount[]>;
}

const RECENT_SEARCHES = 32;
/** How long a rebuild works before it lets the process's other work in (ms). */
const REBUILD_SLICE_MS = 10;

function newGeneration(): Generation {
  return {
    mini: new MiniSearch<SearchDocument>({
      fields: [...INDEXED_FIELDS],
      idField: 'id',
      storeFields: [],
      extractField: (doc, field) => {
        if (field === 'customText') return Object.values(doc.customText).join(' ');
        const value = (doc as unknown as Record<string, unknown>)[field];
        return Array.isArray(value) ? value.join(' ') : ((value as string | null | undefined) ?? '');
      },
      tokenize: words,
      processTerm: foldTerm,
      searchOptions: {
        boost: BOOST,
        prefix: true,
        fuzzy: (term) => typosAllowed(term),
        combineWith: 'AND',
        tokenize: words,
        processTerm: foldTerm,
      },
    }),
    docs: new Map(),
    nameKeys: new Map(),
    byName: null,
    recent: new Map(),
  };
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
 * The values many people share (a department, an office, a title, a skill, a first name, a facet's label),
 * one string each: every row read from the database brings its own copy of each, which at 100,000 people held
 * tens of MiB in the primary. Cleared at each rebuild, so it holds no value the index no longer has for long.
 */
type SharedStrings = Map<string, string>;

function shared(strings: SharedStrings, value: string): string {
  const known = strings.get(value);
  if (known !== undefined) return known;
  strings.set(value, value);
  return value;
}

const NO_SKILLS: string[] = Object.freeze([]) as unknown as string[];
const NO_CUSTOM_TEXT: Record<string, string> = Object.freeze({});
const NO_CUSTOM_FACETS: Record<string, string[]> = Object.freeze({});

/**
 * The document as the index keeps it: pickDocument's fields, with shared values as one string each and the
 * empty lists as one frozen object. Never handed out: a hit is a pickDocument copy.
 */
function storedDocument(doc: SearchDocument, strings: SharedStrings): SearchDocument {
  const share = (value: string) => shared(strings, value);
  const customFacetEntries = Object.entries(doc.customFacets);
  return {
    id: doc.id,
    version: doc.version,
    firstName: share(doc.firstName),
    lastName: share(doc.lastName),
    preferredName: doc.preferredName === null ? null : share(doc.preferredName),
    jobTitle: share(doc.jobTitle),
    department: share(doc.department),
    officeLocation: doc.officeLocation === null ? null : share(doc.officeLocation),
    skills: doc.skills.length === 0 ? NO_SKILLS : doc.skills.map(share),
    bio: doc.bio,
    workEmail: doc.workEmail,
    photoId: doc.photoId,
    role: doc.role,
    customText: Object.keys(doc.customText).length === 0 ? NO_CUSTOM_TEXT : { ...doc.customText },
    customFacets:
      customFacetEntries.length === 0
        ? NO_CUSTOM_FACETS
        : Object.fromEntries(customFacetEntries.map(([key, values]) => [share(key), values.map(share)])),
  };
}

function put(generation: Generation, doc: SearchDocument): void {
  if (generation.docs.has(doc.id)) generation.mini.discard(doc.id);
  generation.mini.add(doc);
  generation.docs.set(doc.id, doc);
  generation.nameKeys.set(doc.id, nameKey(doc));
  generation.byName = null;
  generation.recent.clear();
}

function drop(generation: Generation, id: string): void {
  if (!generation.docs.has(id)) return;
  generation.mini.discard(id);
  generation.docs.delete(id);
  generation.nameKeys.delete(id);
  generation.byName = null;
  generation.recent.clear();
}

/**
 * Last name, then given name, then id, diacritics and case folded: one string per document, made once at
 * write time, so ordering 100,000 matches compares plain strings instead of running a collator.
 */
function nameKey(doc: SearchDocument): string {
  return `${foldTerm(doc.lastName)}\u0000${foldTerm(doc.preferredName || doc.firstName)}\u0000${doc.id}`;
}

/** A built-in facet by its name, or a facet on a field HR defines by `custom.<key>`. */
type FacetId = FacetName | `custom.${string}`;
const CUSTOM_PREFIX = 'custom.';

function facetValues(doc: SearchDocument, facet: FacetId): string[] {
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
  doc: SearchDocument;
  score: number;
  result: MiniResult | null;
  /**
   * The marked words, worked out the first time this match is shown: a repeated search (the recent searches keep
   * their matches) shows the same page again without marking every word of it again.
   */
  highlights?: Highlights;
}

function highlightsOf(match: Match): Highlights {
  match.highlights ??= markedTexts(match);
  return { ...match.highlights };
}

function markedTexts(match: Match): Highlights {
  if (!match.result) return {};
  const terms = new Map<keyof Highlights, Set<string>>();
  for (const [term, fields] of Object.entries(match.result.match)) {
    for (const field of fields as SearchField[]) {
      const key = HIGHLIGHT_OF[field];
      if (!key) continue;
      if (!terms.has(key)) terms.set(key, new Set());
      terms.get(key)!.add(term);
    }
  }
  const doc = match.doc;
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
  for (const [key, matched] of terms) {
    const text = texts[key];
    if (!text) continue;
    const marked = markWords(text, matched);
    if (marked.includes('<mark>')) highlights[key] = marked;
  }
  return highlights;
}

export interface EmbeddedSearchIndexOptions {
  /**
   * Answer "unavailable" until the first rebuild has finished (the server's index, built from the database
   * at start: an empty index would wrongly say nobody matches). Off for an index filled by upserts alone.
   */
  awaitFirstBuild?: boolean;
  /** How many recent searches' matches and counts to keep (0: none, e.g. to benchmark the real work). */
  recentSearches?: number;
}

export class EmbeddedSearchIndex implements SearchIndex {
  private live = newGeneration();
  private building: Generation | null = null;
  /** The newest version seen per employee, removals included (tombstones). */
  private readonly versions = new Map<string, number>();
  private strings: SharedStrings = new Map();
  private ready: boolean;
  private closed = false;
  private rebuilds: Promise<unknown> = Promise.resolve();
  /** The version of HR's field definitions the live generation answers for; null until first stamped. */
  private definitionsVersion: number | null = null;

  private readonly recentSearches: number;

  constructor(options: EmbeddedSearchIndexOptions = {}) {
    this.ready = !options.awaitFirstBuild;
    this.recentSearches = options.recentSearches ?? RECENT_SEARCHES;
  }

  get size(): number {
    return this.live.docs.size;
  }

  async upsert(doc: SearchDocument): Promise<void> {
    this.assertOpen();
    const known = this.versions.get(doc.id);
    if (known !== undefined && doc.version <= known) return;
    const stored = storedDocument(doc, this.strings);
    this.versions.set(doc.id, doc.version);
    put(this.live, stored);
    if (this.building) put(this.building, stored);
  }

  async remove(id: string, version: number): Promise<void> {
    this.assertOpen();
    const known = this.versions.get(id);
    if (known !== undefined && version <= known) return;
    this.versions.set(id, version);
    drop(this.live, id);
    if (this.building) drop(this.building, id);
  }

  async forget(id: string): Promise<void> {
    this.assertOpen();
    this.versions.delete(id);
    drop(this.live, id);
    if (this.building) drop(this.building, id);
  }

  async holds(id: string): Promise<boolean> {
    this.assertOpen();
    return this.versions.has(id) || this.live.docs.has(id) || Boolean(this.building?.docs.has(id));
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    this.assertOpen();
    if (!this.ready) throw new SearchUnavailableError('the index is still being built');
    if (!answersForDefinitions(this.definitionsVersion, query.definitionsVersion))
      throw new IndexBehindDefinitionsError();
    const generation = this.live;
    const key = JSON.stringify([query.text, facetsOf(query).map(({ id, selected }) => [id, [...selected].sort()])]);
    let found = generation.recent.get(key);
    if (found) {
      generation.recent.delete(key); // re-inserted below: most recently used last
    } else {
      found = this.narrow(generation, query);
      if (generation.recent.size >= this.recentSearches)
        generation.recent.delete(generation.recent.keys().next().value!);
    }
    if (this.recentSearches > 0) generation.recent.set(key, found);
    const { narrowed, facets, customFacets } = found;
    const start = query.page * query.pageSize;
    const hits: SearchHit[] = narrowed.slice(start, start + query.pageSize).map((match) => ({
      document: pickDocument(match.doc),
      score: match.score,
      highlights: highlightsOf(match),
    }));
    return { total: narrowed.length, hits, facets, customFacets };
  }

  private narrow(generation: Generation, query: SearchQuery): Narrowed {
    const matches = this.match(generation, query.text);
    const all = facetsOf(query);
    const ids = all.map(({ id }) => id);
    const selected = all.filter(({ selected: values }) => values.size > 0);
    const counts = new Map(ids.map((id) => [id, new Map<string, number>()]));
    const narrowed: Match[] = [];
    for (const match of matches) {
      // Disjunctive facets: a match failing only facet F still counts towards F's other values.
      const failed = selected.filter(
        ({ id, selected: values }) => !facetValues(match.doc, id).some((v) => values.has(v)),
      );
      if (failed.length > 1) continue;
      for (const facet of failed.length === 1 ? [failed[0].id] : ids) {
        const facetCounts = counts.get(facet)!;
        for (const value of new Set(facetValues(match.doc, facet))) {
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
    return { narrowed, facets, customFacets };
  }

  async rebuild(
    docs: AsyncIterable<SearchDocument>,
    options: { definitionsVersion?: number } = {},
  ): Promise<{ indexed: number }> {
    const run = this.rebuilds.then(() => this.rebuildNow(docs, options.definitionsVersion));
    this.rebuilds = run.catch(() => {});
    return run;
  }

  async stampDefinitions(definitionsVersion: number): Promise<void> {
    this.assertOpen();
    this.definitionsVersion = Math.max(this.definitionsVersion ?? definitionsVersion, definitionsVersion);
  }

  async ping(): Promise<boolean> {
    return !this.closed && this.ready;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.building = null;
    this.live = newGeneration();
  }

  private async rebuildNow(
    docs: AsyncIterable<SearchDocument>,
    definitionsVersion: number | undefined,
  ): Promise<{ indexed: number }> {
    this.assertOpen();
    const next = newGeneration();
    this.building = next;
    this.strings = new Map();
    let sliceStarted = performance.now();
    try {
      for await (const doc of docs) {
        if (this.building !== next) throw new SearchUnavailableError('the index was closed during a rebuild');
        const known = this.versions.get(doc.id);
        if (known === undefined || doc.version > known) {
          const stored = storedDocument(doc, this.strings);
          this.versions.set(doc.id, doc.version);
          put(next, stored);
          // The live generation gets it too: should this rebuild fail, the live one stays as new as the versions.
          if (known !== undefined) put(this.live, stored);
        } else if (doc.version === known && this.live.docs.has(doc.id)) {
          // The same row read again, projected with the definitions in force when this rebuild began (a field
          // made HR-only, an option renamed): the new generation takes this projection, not the live one's.
          put(next, storedDocument(doc, this.strings));
        } else {
          // The live index already has a newer state (an event during the rebuild) or a removal: keep it.
          const current = this.live.docs.get(doc.id);
          if (current) put(next, current);
        }
        // Let searches, event writes and (locally) the emulators' requests in between: a rebuild of 100,000 must
        // not stall the process. By time, not by count: a thousand documents took 1-2 s on a loaded machine, long
        // enough for a worker's /readyz call to an emulator in this process to time out.
        if (performance.now() - sliceStarted >= REBUILD_SLICE_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          sliceStarted = performance.now();
        }
      }
      this.live = next;
      this.ready = true;
      if (definitionsVersion !== undefined) await this.stampDefinitions(definitionsVersion);
      return { indexed: next.docs.size };
    } finally {
      if (this.building === next) this.building = null;
    }
  }

  private match(generation: Generation, text: string): Match[] {
    const keys = generation.nameKeys;
    const byKey = (a: SearchDocument, b: SearchDocument) => {
      const [x, y] = [keys.get(a.id)!, keys.get(b.id)!];
      return x < y ? -1 : x > y ? 1 : 0;
    };
    if (words(text).length === 0) {
      generation.byName ??= [...generation.docs.values()].sort(byKey);
      return generation.byName.map((doc) => ({ doc, score: 0, result: null }));
    }
    const matches: Match[] = [];
    for (const result of generation.mini.search(text)) {
      const doc = generation.docs.get(result.id as string);
      if (doc) matches.push({ doc, score: result.score, result });
    }
    return matches.sort((a, b) => b.score - a.score || byKey(a.doc, b.doc));
  }

  private assertOpen(): void {
    if (this.closed) throw new SearchUnavailableError('the index is closed');
  }
}

function topCounts(counts: Map<string, number>): FacetCount[] {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .slice(0, FACET_LIMIT);
}
