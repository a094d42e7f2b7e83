import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation, useSearchParams, useSubmit } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { z } from 'zod';
import { requireActiveUser } from '~/auth/user-session.server';
import { Avatar } from '~/components/avatar';
import { Highlighted } from '~/components/highlighted';
import { getPlatform } from '~/platform.server';
import { cachedDepartments } from '~/services/departments.server';
import { directoryFacetFields, searchPeople, type PersonCard } from '~/services/people-search.server';
import { customFieldInputName } from '~/models/custom-fields';
import type { DirectoryCount } from '~/models/directory-search.server';
import type { FacetName } from '~/search/search-index.server';
import { formatList, formatNumber } from '~/i18n/format';
import { useViewer } from '~/i18n/document-intl';
import { useT } from '~/i18n/use-t';
import { catalogue } from '~/i18n/catalogue.server';
import { nameCollationOf } from '~/i18n/name-order';
import { languageOfRequest } from '~/services/request-intl.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Directory · XYZ People' }];

/** Facets by their URL parameter (short, shareable) and the catalogue id of their label. */
const FACETS: Array<{ name: FacetName; param: string; label: string }> = [
  { name: 'department', param: 'department', label: 'directory.facet.department' },
  { name: 'officeLocation', param: 'office', label: 'directory.facet.office' },
  { name: 'skills', param: 'skill', label: 'directory.facet.skills' },
];
/** Values shown per facet (the selected ones always are). */
const FACET_VALUES_SHOWN = 12;

const facetValues = z.array(z.string().trim().min(1).max(120)).max(20).catch([]);

const querySchema = z.object({
  q: z.string().trim().max(100).catch(''),
  department: facetValues,
  office: facetValues,
  skill: facetValues,
  // Shown 1-based in the URL; anything odd is the first page.
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  // The SQL fallback's cursors are opaque: one too long, or not decodable, is the first page.
  after: z.string().max(600).optional().catch(undefined),
  before: z.string().max(600).optional().catch(undefined),
});

/** The selected values of the facets on fields HR defines, by key: each in the URL as `custom.<key>`. */
function parseCustomFacets(url: URL, keys: string[]): Record<string, string[]> {
  return Object.fromEntries(
    keys.map((key) => [key, facetValues.parse(url.searchParams.getAll(customFieldInputName(key)))]),
  );
}

function parseQuery(url: URL) {
  const params = url.searchParams;
  const single = (name: string) => params.get(name) ?? undefined;
  return querySchema.parse({
    q: single('q') ?? '',
    department: params.getAll('department'),
    office: params.getAll('office'),
    skill: params.getAll('skill'),
    page: single('page') ?? 1,
    after: single('after'),
    before: single('before'),
  });
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireActiveUser(request);
  const platform = await getPlatform();
  const url = new URL(request.url);
  const query = parseQuery(url);
  const customSelected = parseCustomFacets(
    url,
    directoryFacetFields(platform.customFields).map((field) => field.key),
  );
  const language = await languageOfRequest(request);
  const title = catalogue(language).intl.formatMessage({ id: 'directory.pageTitle' });
  const result = await searchPeople(platform, {
    text: query.q,
    facets: { department: query.department, officeLocation: query.office, skills: query.skill },
    customFacets: customSelected,
    page: query.page - 1,
    collation: nameCollationOf(language),
    after: query.after,
    before: query.before,
  });
  const selected = { department: query.department, officeLocation: query.office, skills: query.skill };
  if (result.source === 'index') {
    return { ...result, title, q: query.q, selected, customSelected };
  }
  // Without the index there are no counts: the departments are listed so the filter still works.
  const departments = await cachedDepartments(platform.db);
  return {
    ...result,
    title,
    q: query.q,
    selected,
    customSelected,
    // Without the index the values of HR's fields are not counted: their facets are not offered.
    customFacets: [] as Array<{ key: string; label: string; counts: Array<{ value: string; count: number | null }> }>,
    facets: {
      department: departments.map((value) => ({ value, count: null })),
      officeLocation: [],
      skills: [],
    } as Record<FacetName, Array<{ value: string; count: number | null }>>,
  };
}

/** "Showing 24 of 1,234 people.", "Showing 1 matching person.", "Showing 24 of more than 1,000 matching people." */
function summary(t: ReturnType<typeof useT>, shown: number, total: DirectoryCount, filtered: boolean): string {
  if (total.more) {
    const values = { shown, total: total.count };
    return filtered ? t('directory.summary.moreMatching', values) : t('directory.summary.more', values);
  }
  // The count is read beside the page, so someone joining in between can make it lag: never show "5 of 4".
  if (shown >= total.count) {
    return filtered
      ? t('directory.summary.allMatching', { count: shown })
      : t('directory.summary.all', { count: shown });
  }
  const values = { shown, total: total.count };
  return filtered ? t('directory.summary.someMatching', values) : t('directory.summary.some', values);
}

/** The current URL with its paging replaced. */
function pageLink(
  searchParams: URLSearchParams,
  paging: { page?: number; after?: string | null; before?: string | null },
): string {
  const params = new URLSearchParams(searchParams);
  for (const name of ['page', 'after', 'before']) params.delete(name);
  if (paging.page && paging.page > 1) params.set('page', String(paging.page));
  if (paging.after) params.set('after', paging.after);
  if (paging.before) params.set('before', paging.before);
  const search = params.toString();
  return search ? `?${search}` : '?';
}

/** The facet values to offer: the most frequent, plus every selected one (even when none match now). */
function offered(values: Array<{ value: string; count: number | null }>, selected: string[]) {
  const shown = values.slice(0, FACET_VALUES_SHOWN);
  for (const value of selected) {
    if (!shown.some((item) => item.value === value))
      shown.push({ value, count: values.find((item) => item.value === value)?.count ?? 0 });
  }
  return shown;
}

const TYPING_DEBOUNCE_MS = 250;

export default function DirectoryPage() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const submit = useSubmit();
  const form = useRef<HTMLFormElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const typing = useRef<ReturnType<typeof setTimeout>>();
  const filtered = Boolean(
    data.q ||
    FACETS.some((facet) => data.selected[facet.name].length > 0) ||
    Object.values(data.customSelected).some((values) => values.length > 0),
  );
  const total: DirectoryCount = data.source === 'index' ? { count: data.total, more: false } : data.total;

  // Results follow the text as it is typed (debounced); the URL is replaced, not pushed, so Back leaves
  // the directory rather than stepping through every letter.
  const submitSoon = (delay: number) => {
    clearTimeout(typing.current);
    typing.current = setTimeout(() => {
      if (form.current) submit(form.current, { replace: true, preventScrollReset: true });
    }, delay);
  };
  useEffect(() => () => clearTimeout(typing.current), []);
  // A link to another search (the nav, Back) updates the box unless the person is typing in it.
  useEffect(() => {
    if (search.current && document.activeElement !== search.current) search.current.value = data.q;
  }, [data.q]);

  return (
    <>
      <div className="page-head">
        <h1 data-testid="directory-title">{t('directory.title')}</h1>
      </div>
      {data.source === 'database' ? (
        <p className="alert alert--warning" role="status">
          {data.ignoredFacets.length > 0 ? t('directory.simpleModeOneDepartment') : t('directory.simpleMode')}
        </p>
      ) : null}
      <Form method="get" ref={form} className="directory" aria-label={t('directory.searchForm')}>
        <div className="directory-search card" role="search">
          <div className="field">
            <label htmlFor="directory-q">{t('directory.searchLabel')}</label>
            <input
              id="directory-q"
              ref={search}
              type="search"
              name="q"
              defaultValue={data.q}
              placeholder={t('directory.searchPlaceholder')}
              autoComplete="off"
              onChange={() => submitSoon(TYPING_DEBOUNCE_MS)}
            />
          </div>
          <button type="submit">{t('directory.searchButton')}</button>
        </div>
        <div className="directory-layout">
          <aside
            className="facets card"
            aria-label={t('directory.filters')}
            key={JSON.stringify([data.selected, data.customSelected])}
          >
            {FACETS.map((facet) => (
              <FacetFieldset
                key={facet.name}
                legend={t(facet.label)}
                param={facet.param}
                values={data.facets[facet.name]}
                chosen={data.selected[facet.name]}
                onChange={() => submitSoon(0)}
              />
            ))}
            {data.customFacets.map((facet) => (
              <FacetFieldset
                key={facet.key}
                legend={facet.label}
                param={customFieldInputName(facet.key)}
                values={facet.counts}
                chosen={data.customSelected[facet.key] ?? []}
                onChange={() => submitSoon(0)}
              />
            ))}
            <button type="submit" className="button--secondary">
              {t('directory.applyFilters')}
            </button>
          </aside>
          <section className="directory-results" aria-label={t('directory.results')}>
            <p className="muted" aria-live="polite">
              {navigation.state === 'loading'
                ? t('directory.loading')
                : data.people.length === 0
                  ? filtered
                    ? t('directory.noMatches')
                    : t('directory.empty')
                  : summary(t, data.people.length, total, filtered)}
            </p>
            <ul className="people" aria-label={t('directory.peopleList')}>
              {data.people.map((person) => (
                <PersonItem key={person.id} person={person} />
              ))}
            </ul>
            <Pager data={data} searchParams={searchParams} />
          </section>
        </div>
      </Form>
    </>
  );
}

/** One facet's values as checkboxes (the most frequent, and every chosen one), each with its count when known. */
function FacetFieldset(props: {
  legend: string;
  param: string;
  values: Array<{ value: string; count: number | null }>;
  chosen: string[];
  onChange: () => void;
}) {
  const { locale } = useViewer();
  const values = offered(props.values, props.chosen);
  if (values.length === 0) return null;
  return (
    <fieldset className="facet">
      <legend>{props.legend}</legend>
      {values.map((item) => (
        <label key={item.value} className="facet__value">
          <input
            type="checkbox"
            name={props.param}
            value={item.value}
            defaultChecked={props.chosen.includes(item.value)}
            onChange={props.onChange}
          />
          <span className="facet__label">{item.value}</span>
          {item.count !== null ? <span className="facet__count">{formatNumber(item.count, locale)}</span> : null}
        </label>
      ))}
    </fieldset>
  );
}

function PersonItem({ person }: { person: PersonCard }) {
  const t = useT();
  const { locale } = useViewer();
  const { highlights } = person;
  return (
    <li className="person">
      <Avatar employeeId={person.id} photoId={person.photoId} name={person.displayName} alt="" />
      <div className="person__text">
        <Link className="person__name" to={`/employees/${person.id}`}>
          <Highlighted html={highlights.name} text={person.displayName} />
        </Link>
        <span className="person__meta">
          <Highlighted html={highlights.jobTitle} text={person.jobTitle} /> ·{' '}
          <Highlighted html={highlights.department} text={person.department} />
          {person.officeLocation ? (
            <>
              {' · '}
              <Highlighted html={highlights.officeLocation} text={person.officeLocation} />
            </>
          ) : null}
        </span>
        {person.customFacets.map((facet) => (
          <span key={facet.key} className="person__match">
            {t('directory.fieldValues', { label: facet.label, values: formatList(facet.values, locale) })}
          </span>
        ))}
        {highlights.skills ? (
          <span className="person__match">
            {t('directory.matchedSkills')} <Highlighted html={highlights.skills} text="" />
          </span>
        ) : null}
        {highlights.workEmail ? (
          <span className="person__match">
            <Highlighted html={highlights.workEmail} text="" />
          </span>
        ) : null}
        {highlights.bio ? (
          <span className="person__match">
            <Highlighted html={highlights.bio} text="" snippet />
          </span>
        ) : null}
      </div>
    </li>
  );
}

function Pager({
  data,
  searchParams,
}: {
  data: ReturnType<typeof useLoaderData<typeof loader>>;
  searchParams: URLSearchParams;
}) {
  const t = useT();
  if (data.source === 'index') {
    const page = data.page + 1;
    if (data.pageCount <= 1 && page === 1) return null;
    return (
      <nav className="pager" aria-label={t('directory.pages')}>
        <span className="pager__back">
          {page > 1 ? (
            <>
              <Link to={pageLink(searchParams, {})} preventScrollReset={false}>
                {t('directory.firstPage')}
              </Link>
              <Link to={pageLink(searchParams, { page: Math.min(page - 1, data.pageCount) })} rel="prev">
                {t('directory.previousPage')}
              </Link>
            </>
          ) : null}
        </span>
        <span className="muted">{t('directory.pageOf', { page, pages: data.pageCount })}</span>
        {page < data.pageCount ? (
          <Link to={pageLink(searchParams, { page: page + 1 })} rel="next">
            {t('directory.nextPage')}
          </Link>
        ) : (
          <span />
        )}
      </nav>
    );
  }
  if (!data.previousCursor && !data.nextCursor) return null;
  return (
    <nav className="pager" aria-label={t('directory.pages')}>
      <span className="pager__back">
        {data.previousCursor ? (
          <>
            <Link to={pageLink(searchParams, {})}>{t('directory.firstPage')}</Link>
            <Link to={pageLink(searchParams, { before: data.previousCursor })} rel="prev">
              {t('directory.previousPage')}
            </Link>
          </>
        ) : null}
      </span>
      {data.nextCursor ? (
        <Link to={pageLink(searchParams, { after: data.nextCursor })} rel="next">
          {t('directory.nextPage')}
        </Link>
      ) : null}
    </nav>
  );
}
