/**
 * The directory's search index, behind one interface: an embedded index in the local runtime
 * (SQLite FTS5, docs/decisions/029-embedded-index-on-disk.md) and Amazon OpenSearch on AWS. Only the public projection of ACTIVE employees is ever
 * indexed: nothing personal, no pending/rejected/inactive profile, no face data.
 *
 * Ordering and idempotency: every write carries the `version` of the event that caused it (the outbox
 * event id, increasing). An index ignores a write older than the newest it has seen for that employee,
 * including after a remove (a tombstone), so a redelivered or late event never resurrects or rolls back.
 */

import type { NameCollation } from '~/i18n/name-order';

/** The public projection of one active employee, as indexed. */
export interface SearchDocument {
  id: string;
  version: number;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  jobTitle: string;
  department: string;
  officeLocation: string | null;
  skills: string[];
  bio: string | null;
  workEmail: string;
  photoId: string | null;
  role: 'employee' | 'admin';
  /**
   * Fields HR defines, visible to everyone and marked searchable, by field key: their text as the pages show it
   * (a choice by its option's label). Matched by the text search like the bio; never shown on a card.
   */
  customText: Record<string, string>;
  /** Fields HR defines, visible to everyone and marked as a facet, by field key: their values as shown. */
  customFacets: Record<string, string[]>;
}

/** The fields the index searches as text; both engines index exactly these, and the projection reads them. */
export const SEARCHABLE_FIELDS = [
  'firstName',
  'lastName',
  'preferredName',
  'jobTitle',
  'department',
  'officeLocation',
  'skills',
  'bio',
  'workEmail',
] as const satisfies ReadonlyArray<keyof SearchDocument>;

export type FacetName = 'department' | 'officeLocation' | 'skills';
export const FACET_NAMES: readonly FacetName[] = ['department', 'officeLocation', 'skills'];
export const FACET_LIMIT = 50;

export interface SearchQuery {
  /**
   * Free text; may be empty (then every active employee, by name, narrowed by the facets). Words are
   * combined with AND; each word matches as a prefix, with diacritics folded and 1 typo forgiven from 4
   * letters, 2 from 7 letters. Ties (and the empty query) are ordered by last name, first name, id.
   */
  text: string;
  /** Whose order ties and the empty query follow (app/i18n/name-order.ts); `root` when not given. */
  collation?: NameCollation;
  /**
   * Selected facet values: a hit must match every selected facet (any of the values within one facet).
   * Facet counts are "disjunctive": a facet's counts apply every OTHER facet's selection but not its own, so
   * the other values of a facet stay choosable (OpenSearch: post_filter + per-facet filtered aggregations).
   */
  facets: Partial<Record<FacetName, string[]>>;
  /**
   * Facets on fields HR defines: the keys to count (the caller's current facet fields: a key the definitions no
   * longer make a facet is neither counted nor applied, even before the reindex removed it), and the values
   * selected by key, applied like `facets`.
   */
  customFacets?: { keys: string[]; selected: Record<string, string[]> };
  /**
   * The version of the definitions of HR's fields the caller holds (`readCustomFieldsVersion`). An index built for
   * older definitions may still match on the text of a field HR has since restricted, so it refuses the search
   * (IndexBehindDefinitionsError) and the caller answers from the database, until the rebuild or the subscriber
   * has stamped it with these definitions (docs/decisions/324-search-index-holds-everyone-fields.md). An index
   * never stamped (filled by writes only, or made by an earlier release) answers as before.
   */
  definitionsVersion?: number;
  /** 0-based page number; pages are `pageSize` long and stable for an unchanged index. */
  page: number;
  pageSize: number;
}

/** A matched field's text with the matched words wrapped in `<mark>`/`</mark>` and everything else escaped. */
export type Highlights = Partial<
  Record<'name' | 'jobTitle' | 'department' | 'officeLocation' | 'skills' | 'bio' | 'workEmail', string>
>;

export interface SearchHit {
  document: SearchDocument;
  score: number;
  highlights: Highlights;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchResult {
  /** Every matching employee (not just this page). */
  total: number;
  hits: SearchHit[];
  /** Per facet: values with a count above 0, most frequent first (ties by value), at most FACET_LIMIT. */
  facets: Record<FacetName, FacetCount[]>;
  /** Per asked custom facet key (SearchQuery.customFacets.keys), counted the same way. */
  customFacets: Record<string, FacetCount[]>;
}

/** The index cannot answer (not built yet, closed, unreachable): callers fall back to the SQL search. */
export class SearchUnavailableError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`search index unavailable: ${reason}`, options);
    this.name = 'SearchUnavailableError';
  }
}

/** The index was built for older definitions of HR's fields than the caller's (SearchQuery.definitionsVersion). */
export class IndexBehindDefinitionsError extends SearchUnavailableError {
  constructor() {
    super('built for older field definitions; the rebuild is under way');
    this.name = 'IndexBehindDefinitionsError';
  }
}

/** Whether an index stamped with `stamp` (null: never stamped) may answer a query asking for `asked`. */
export function answersForDefinitions(stamp: number | null, asked: number | undefined): boolean {
  return stamp === null || asked === undefined || stamp >= asked;
}

export interface SearchIndex {
  /** Adds or replaces one employee; ignored when `doc.version` is not newer than what the index holds. */
  upsert(doc: SearchDocument): Promise<void>;
  /** Removes one employee (deleted, deactivated, no longer active); remembers `version` as a tombstone. */
  remove(id: string, version: number): Promise<void>;
  /**
   * Forgets one employee entirely, their removal tombstone included (an erased person: no event about them can
   * come any more, so there is nothing to guard against, and the id itself must go).
   */
  forget(id: string): Promise<void>;
  /** Whether the index holds anything under this id, a document or a tombstone (the residue scan). */
  holds(id: string): Promise<boolean>;
  search(query: SearchQuery): Promise<SearchResult>;
  /**
   * Rebuilds from scratch with zero downtime: a new index filled from `docs`, then swapped in (an alias).
   * `definitionsVersion`: the version of HR's field definitions read before `docs` began reading them; the new
   * index is stamped with it (see SearchQuery.definitionsVersion).
   */
  rebuild(docs: AsyncIterable<SearchDocument>, options?: { definitionsVersion?: number }): Promise<{ indexed: number }>;
  /**
   * Stamps the live index with a newer definitions version without rebuilding it: the definitions changed since
   * its stamp in no way that alters what it holds (a label, an order). Never lowers the stamp.
   */
  stampDefinitions(definitionsVersion: number): Promise<void>;
  /** For /readyz: whether the index answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
