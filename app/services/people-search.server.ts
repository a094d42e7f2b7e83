/**
 * The directory's search: the search index first (ranked, typo-tolerant, faceted, highlighted), and when
 * the index cannot answer, today's SQL prefix search (app/models/directory-search.server.ts), so the
 * directory keeps working and the page says it is in the simpler mode. Search terms are never logged:
 * only that the index was unavailable, and the kind of failure.
 */
import { countDirectory, searchDirectory, type DirectoryCount } from '~/models/directory-search.server';
import { displayNameOf } from '~/models/employee-projection.server';
import type { NameCollation } from '~/i18n/name-order';
import type { Platform } from '~/platform.server';
import { ANY_EMPLOYEE, visibleCustomFields, visibleFieldKeys } from '~/services/field-gate.server';
import type { CustomFieldDefinition, CustomFieldDefinitions } from '~/models/custom-fields';
import {
  FACET_NAMES,
  SearchUnavailableError,
  type FacetCount,
  type FacetName,
  type Highlights,
} from '~/search/search-index.server';

export const DIRECTORY_PAGE_SIZE = 24;

export interface PeopleQuery {
  text: string;
  facets: Partial<Record<FacetName, string[]>>;
  /** Selected values of the facets on fields HR defines, by field key (see directoryFacetFields). */
  customFacets?: Record<string, string[]>;
  /** 0-based; the index's pages. */
  page: number;
  /** The order of names (the page's language's: app/i18n/name-order.ts); `root` when not given. */
  collation?: NameCollation;
  /** The SQL fallback's keyset cursors. */
  after?: string;
  before?: string;
}

export interface PersonCard {
  id: string;
  displayName: string;
  jobTitle: string;
  department: string;
  officeLocation: string | null;
  photoId: string | null;
  skills: string[];
  highlights: Highlights;
  /** The person's values of the facet fields HR defines, in HR's order, each with the field's label. */
  customFacets: CustomFacetValues[];
}

export interface CustomFacetValues {
  key: string;
  label: string;
  values: string[];
}

export interface CustomFacetCounts {
  key: string;
  label: string;
  counts: FacetCount[];
}

export type PeopleResult =
  | {
      source: 'index';
      people: PersonCard[];
      total: number;
      page: number;
      pageCount: number;
      facets: Record<FacetName, FacetCount[]>;
      /** The facets on fields HR defines, in HR's order, labelled by their fields. */
      customFacets: CustomFacetCounts[];
    }
  | {
      source: 'database';
      people: PersonCard[];
      total: DirectoryCount;
      nextCursor: string | null;
      previousCursor: string | null;
      /**
       * Facets the SQL search cannot apply (all but one department; HR's fields, as `custom.<key>`), so the page
       * can say so.
       */
      ignoredFacets: string[];
    };

/**
 * The fields HR defines that are facets in the directory: in force, marked a facet, and readable by any employee
 * through the gate (docs/decisions/324-search-index-holds-everyone-fields.md), in HR's order.
 */
export function directoryFacetFields(definitions: CustomFieldDefinitions): CustomFieldDefinition[] {
  return visibleCustomFields(definitions, ANY_EMPLOYEE).filter((field) => field.facet);
}

/**
 * The directory's page of people, as the field gate lets any employee see them: a list of many people shows only
 * the fields whose visibility is `everyone` (reading each card's manager chain would cost a query per card), so
 * a card, its highlights and the facets carry nothing else, and a facet on another field is not applied. The
 * facets on fields HR defines are those of the definitions in force now: one made HR-only is neither counted,
 * applied nor shown from this request on, even while its subscriber is still taking its values out of the index;
 * and the index, built for older definitions meanwhile, refuses the search so that the database answers it (no
 * match on the field's text: see definitionsVersionOf).
 */
export async function searchPeople(
  platform: Pick<Platform, 'db' | 'search' | 'log' | 'fieldDefinitions'> &
    Partial<Pick<Platform, 'customFields' | 'customFieldsVersion'>>,
  query: PeopleQuery,
): Promise<PeopleResult> {
  const shown = new Set<string>(visibleFieldKeys(platform.fieldDefinitions, ANY_EMPLOYEE));
  const facetFields = directoryFacetFields(platform.customFields ?? []);
  const selected = query.customFacets ?? {};
  const allowed = {
    ...query,
    facets: pickShown(query.facets, shown),
    customFacets: Object.fromEntries(
      facetFields.flatMap((field) => (selected[field.key]?.length ? [[field.key, selected[field.key]]] : [])),
    ),
  };
  return gateResult(await searchEither(platform, allowed, facetFields), shown);
}

/**
 * The definitions version the index must answer for: the one this process holds. After HR restricts a field, the
 * index still matches on its text until the subscriber's rebuild, so the search falls back to the database (which
 * matches names, titles and work emails only) from HR's save to the end of the rebuild
 * (docs/decisions/324-search-index-holds-everyone-fields.md). None before the first read of the definitions.
 */
function definitionsVersionOf(platform: Partial<Pick<Platform, 'customFieldsVersion'>>): number | undefined {
  const version = platform.customFieldsVersion;
  return version !== undefined && version >= 0 ? version : undefined;
}

async function searchEither(
  platform: Pick<Platform, 'db' | 'search' | 'log'> & Partial<Pick<Platform, 'customFieldsVersion'>>,
  query: PeopleQuery,
  facetFields: CustomFieldDefinition[],
) {
  try {
    return await searchIndex(platform, query, facetFields);
  } catch (error) {
    platform.log.warn('search index unavailable; the directory uses the SQL search', {
      // The kind of failure only: an engine's error text may quote the query.
      reason: error instanceof SearchUnavailableError ? error.message : ((error as Error)?.name ?? 'unknown'),
    });
    return searchDatabase(platform, query);
  }
}

/** Only the entries of `record` whose key is a shown field. */
function pickShown<T>(
  record: Partial<Record<FacetName, T>>,
  shown: ReadonlySet<string>,
): Partial<Record<FacetName, T>> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => shown.has(key))) as Partial<Record<FacetName, T>>;
}

function gateCard(card: PersonCard, shown: ReadonlySet<string>): PersonCard {
  return {
    ...card,
    // The naming fields (name, title, department) are always shown (checkFieldDefinitions).
    officeLocation: shown.has('officeLocation') ? card.officeLocation : null,
    skills: shown.has('skills') ? card.skills : [],
    highlights: Object.fromEntries(
      Object.entries(card.highlights).filter(([key]) => key === 'name' || shown.has(key)),
    ) as Highlights,
  };
}

function gateResult(result: PeopleResult, shown: ReadonlySet<string>): PeopleResult {
  const people = result.people.map((card) => gateCard(card, shown));
  if (result.source === 'database') return { ...result, people };
  const facets = Object.fromEntries(
    FACET_NAMES.map((facet) => [facet, shown.has(facet) ? result.facets[facet] : []]),
  ) as Record<FacetName, FacetCount[]>;
  return { ...result, people, facets };
}

async function searchIndex(
  platform: Pick<Platform, 'search'> & Partial<Pick<Platform, 'customFieldsVersion'>>,
  query: PeopleQuery,
  facetFields: CustomFieldDefinition[],
): Promise<PeopleResult> {
  const result = await platform.search.search({
    text: query.text,
    facets: query.facets,
    customFacets: { keys: facetFields.map((field) => field.key), selected: query.customFacets ?? {} },
    definitionsVersion: definitionsVersionOf(platform),
    collation: query.collation,
    page: query.page,
    pageSize: DIRECTORY_PAGE_SIZE,
  });
  return {
    source: 'index',
    people: result.hits.map(({ document, highlights }) => ({
      id: document.id,
      displayName: displayNameOf(document),
      jobTitle: document.jobTitle,
      department: document.department,
      officeLocation: document.officeLocation,
      photoId: document.photoId,
      skills: document.skills,
      highlights,
      // Only the fields that are facets now: the index may still hold one HR has just restricted.
      customFacets: facetFields.flatMap((field) => {
        const values = document.customFacets[field.key] ?? [];
        return values.length > 0 ? [{ key: field.key, label: field.label, values }] : [];
      }),
    })),
    total: result.total,
    page: query.page,
    pageCount: Math.max(1, Math.ceil(result.total / DIRECTORY_PAGE_SIZE)),
    facets: result.facets,
    customFacets: facetFields.map((field) => ({
      key: field.key,
      label: field.label,
      counts: result.customFacets[field.key] ?? [],
    })),
  };
}

async function searchDatabase(platform: Pick<Platform, 'db'>, query: PeopleQuery): Promise<PeopleResult> {
  const departments = query.facets.department ?? [];
  const filter = { search: query.text || undefined, department: departments[0] };
  const [page, total] = await Promise.all([
    searchDirectory(platform.db, {
      ...filter,
      collation: query.collation,
      after: query.after,
      before: query.before,
      limit: DIRECTORY_PAGE_SIZE,
    }),
    countDirectory(platform.db, filter),
  ]);
  const ignoredFacets: string[] = [
    ...FACET_NAMES.filter((facet) =>
      facet === 'department' ? departments.length > 1 : (query.facets[facet]?.length ?? 0) > 0,
    ),
    // The values of HR's fields are not columns the SQL search can filter (docs/decisions/023-hr-defined-field-storage.md).
    ...Object.keys(query.customFacets ?? {}).map((key) => `custom.${key}`),
  ];
  return {
    source: 'database',
    people: page.employees.map((employee) => ({
      id: employee.id,
      displayName: employee.displayName,
      jobTitle: employee.jobTitle,
      department: employee.department,
      officeLocation: employee.officeLocation,
      photoId: employee.photoId,
      skills: [],
      highlights: {},
      customFacets: [],
    })),
    total,
    nextCursor: page.nextCursor,
    previousCursor: page.previousCursor,
    ignoredFacets,
  };
}

export interface PersonSuggestion {
  id: string;
  displayName: string;
  department: string;
  jobTitle: string;
  workEmail: string;
}

/** The manager picker's suggestions: the same index (typos, diacritics), or the SQL prefix search without it. */
export async function suggestPeople(
  platform: Pick<Platform, 'db' | 'search' | 'log'> & Partial<Pick<Platform, 'customFieldsVersion'>>,
  text: string,
  limit: number,
): Promise<PersonSuggestion[]> {
  try {
    const result = await platform.search.search({
      text,
      facets: {},
      definitionsVersion: definitionsVersionOf(platform),
      page: 0,
      pageSize: limit,
    });
    return result.hits.map(({ document }) => ({
      id: document.id,
      displayName: displayNameOf(document),
      department: document.department,
      jobTitle: document.jobTitle,
      workEmail: document.workEmail,
    }));
  } catch (error) {
    platform.log.warn('search index unavailable; suggestions use the SQL search', {
      reason: error instanceof SearchUnavailableError ? error.message : ((error as Error)?.name ?? 'unknown'),
    });
    const page = await searchDirectory(platform.db, { search: text, limit });
    return page.employees;
  }
}
