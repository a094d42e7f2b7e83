/**
 * The directory's search index, behind one interface: an embedded index in the local runtime
 * (minisearch) and Amazon OpenSearch on AWS. Only the public projection of ACTIVE employees is ever
 * indexed: nothing personal, no pending/rejected/inactive profile, no face data.
 *
 * Ordering and idempotency: every write carries the `version` of the event that caused it (the outbox
 * event id, increasing). An index ignores a write older than the newest it has seen for that employee,
 * including after a remove (a tombstone), so a redelivered or late event never resurrects or rolls back.
 */

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
}

export type FacetName = 'department' | 'officeLocation' | 'skills';

export interface SearchQuery {
  /** Free text; may be empty (then every active employee, by name, narrowed by the facets). */
  text: string;
  /** Selected facet values: a hit must match every selected facet (any of the values within one facet). */
  facets: Partial<Record<FacetName, string[]>>;
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
  total: number;
  hits: SearchHit[];
  facets: Record<FacetName, FacetCount[]>;
}

export interface SearchIndex {
  /** Adds or replaces one employee; ignored when `doc.version` is not newer than what the index holds. */
  upsert(doc: SearchDocument): Promise<void>;
  /** Removes one employee (deleted, deactivated, no longer active); remembers `version` as a tombstone. */
  remove(id: string, version: number): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
  /** Rebuilds from scratch with zero downtime: a new index filled from `docs`, then swapped in (an alias). */
  rebuild(docs: AsyncIterable<SearchDocument>): Promise<{ indexed: number }>;
  /** For /readyz: whether the index answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
