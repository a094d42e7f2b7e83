/**
 * The org chart (docs/decisions/326-org-chart.md): centred on a person (the signed-in one by default, or
 * ?person=<id>), or on the best match of a search (?q=, the directory's typo-tolerant search). One level at a
 * time: opening a card loads that person's chart.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useIntl } from 'react-intl';
import { z } from 'zod';
import { requireActiveUser } from '~/auth/user-session.server';
import { GeneralErrorBoundary } from '~/components/error-page';
import { OrgChart, orgChartHref } from '~/components/org-chart';
import { ORG_LEVEL_LIMIT } from '~/models/org-chart.server';
import { getPlatform } from '~/platform.server';
import { loadOrgView } from '~/services/org-chart.server';
import { searchPeople } from '~/services/people-search.server';
import { requestIntl } from '~/services/request-intl.server';
import { useViewer } from '~/i18n/document-intl';
import { useT } from '~/i18n/use-t';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Org chart · XYZ People' }];

const querySchema = z.object({
  person: z.string().uuid().optional(),
  q: z.string().trim().max(100).catch(''),
});

/** Other matches of a search, as links to recentre on them. */
const OTHER_MATCHES = 7;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireActiveUser(request);
  const url = new URL(request.url);
  const query = querySchema.safeParse({
    person: url.searchParams.get('person') || undefined,
    q: url.searchParams.get('q') ?? '',
  });
  if (!query.success) throw new Response('That link does not name a person.', { status: 400 });
  const platform = await getPlatform();
  let personId = query.data.person ?? user.id;
  let matches: Array<{ id: string; displayName: string; jobTitle: string }> = [];
  let searchMissed = false;
  if (query.data.q) {
    const result = await searchPeople(platform, { text: query.data.q, facets: {}, page: 0 });
    matches = result.people
      .slice(0, OTHER_MATCHES + 1)
      .map(({ id, displayName, jobTitle }) => ({ id, displayName, jobTitle }));
    if (matches[0]) personId = matches[0].id;
    else searchMissed = true;
  }
  const view = await loadOrgView(platform, personId);
  if (!view) throw new Response('Not found', { status: 404 });
  const intl = await requestIntl(request);
  return {
    title: intl.formatMessage({ id: 'org.pageTitle' }, { name: view.focus.displayName }),
    view,
    q: query.data.q,
    matches: matches.slice(1),
    searchMissed,
    isSelf: personId === user.id,
    isHr: user.role === 'admin',
  };
}

/** A list in the language's words ("A, B and C"), as parts, so that each item can be a link. */
function listParts(items: string[], locale: string) {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).formatToParts(items);
}

export default function OrgChartPage() {
  const { view, q, matches, searchMissed, isSelf, isHr } = useLoaderData<typeof loader>();
  const { focus } = view;
  const t = useT();
  const intl = useIntl();
  const { locale } = useViewer();
  const label = t('org.chart.label', { name: focus.displayName });
  const exportQuery = `person=${focus.id}`;
  return (
    <div className="stack">
      <section className="card" aria-labelledby="org-heading">
        <h1 id="org-heading">{t('org.title')}</h1>
        <p className="muted">{isSelf ? t('org.introSelf') : t('org.intro', { name: focus.displayName })}</p>
        <Form method="get" action="/org" className="org-search" role="search" aria-label={t('org.search.label')}>
          <label htmlFor="org-q">{t('org.search.field')}</label>
          <input
            id="org-q"
            type="search"
            name="q"
            defaultValue={q}
            placeholder={t('org.search.placeholder')}
            autoComplete="off"
          />
          <button type="submit">{t('org.search.submit')}</button>
        </Form>
        {searchMissed ? <p role="status">{t('org.search.missed', { query: q, name: focus.displayName })}</p> : null}
        {matches.length > 0 ? (
          <p className="org-matches">
            {t('org.search.otherMatches')}{' '}
            {listParts(
              matches.map((match) => match.id),
              locale,
            ).map((part, index) =>
              part.type === 'literal' ? (
                <span key={`literal-${index}`}>{part.value}</span>
              ) : (
                <Link key={part.value} to={orgChartHref({ id: part.value })}>
                  {matches.find((match) => match.id === part.value)!.displayName}
                </Link>
              ),
            )}
          </p>
        ) : null}
      </section>
      <nav aria-label={t('org.chain.label')} className="org-chain">
        {view.chain.length === 0 ? (
          <p className="muted">{t('org.chain.none', { name: focus.displayName })}</p>
        ) : (
          <ol>
            {view.chain.map((manager) => (
              <li key={manager.id}>
                <Link to={orgChartHref(manager)}>{manager.displayName}</Link>
              </li>
            ))}
            <li aria-current="page">{focus.displayName}</li>
          </ol>
        )}
        {view.chainCut ? (
          <p className="muted">
            {t('org.chain.cut')} {/* HR's page lists every loop and who to fix (app/services/org-health.server.ts). */}
            {isHr
              ? intl.formatMessage(
                  { id: 'org.chain.cutForHr' },
                  { link: (chunks) => <Link to="/admin/org-health">{chunks}</Link> },
                )
              : t('org.chain.cutForEmployee')}
          </p>
        ) : null}
      </nav>
      <section className="card" aria-labelledby="org-chart-heading">
        <h2 id="org-chart-heading">{t('org.chart.heading', { name: focus.displayName, count: focus.reportCount })}</h2>
        <p className="actions">
          <Link to={`/employees/${focus.id}`}>{t('org.link.profile')}</Link>
          <Link to={`/org/departments/${encodeURIComponent(focus.department)}`}>
            {t('org.link.departmentChart', { department: focus.department })}
          </Link>
          <a href={`/org/export?format=svg&${exportQuery}`} download>
            {t('org.export.svg')}
          </a>
          <a href={`/org/export?format=png&${exportQuery}`} download>
            {t('org.export.png')}
          </a>
          {focus.reportCount > 0 ? (
            <>
              <a href={`/org/export?format=csv&${exportQuery}`} download>
                {t('org.export.csv')}
              </a>
              <a href={`/org/export?format=vcf&${exportQuery}`} download>
                {t('org.export.vcf')}
              </a>
            </>
          ) : null}
        </p>
        {view.peersTotal > ORG_LEVEL_LIMIT ? (
          <p className="muted">{t('org.levelCut', { shown: ORG_LEVEL_LIMIT, total: view.peersTotal })}</p>
        ) : null}
        <OrgChart roots={view.roots} label={label} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
