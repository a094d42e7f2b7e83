/**
 * Downloads from the org chart: the chart as drawn (?person=<id> or ?department=<name>) as SVG or PNG, and a team
 * (?person=<id>: that manager and their direct reports) as CSV or vCards. Fields everyone may see only.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { RawIntlProvider, type IntlShape } from 'react-intl';
import { z } from 'zod';
import { requireActiveUser } from '~/auth/user-session.server';
import { OrgChartPicture } from '~/components/org-chart';
import { getPlatform } from '~/platform.server';
import { chartPng, teamCsv, teamVcards } from '~/services/org-chart-export.server';
import { loadDepartmentView, loadOrgView, loadTeam } from '~/services/org-chart.server';
import { requestIntl } from '~/services/request-intl.server';

const querySchema = z.union([
  z.object({ format: z.enum(['svg', 'png', 'csv', 'vcf']), person: z.string().uuid() }),
  z.object({ format: z.enum(['svg', 'png']), department: z.string().trim().min(1).max(80) }),
]);

/** The vCards' organisation (ORG), as the site's footer names the company. */
const ORGANISATION = 'XYZ Company';

/** A file name from a person's or department's name: letters, digits and dashes only. */
function fileName(name: string, extension: string): string {
  const base = name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'org-chart';
  return `${base.slice(0, 60)}.${extension}`;
}

/** A download link to no one (gone, or never active): said as text, since a file was asked for, not a page. */
function notFound(intl: IntlShape): Response {
  return new Response(intl.formatMessage({ id: 'org.export.notFound' }), {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

function download(body: string | Blob, type: string, name: string): Response {
  return new Response(body, {
    headers: { 'Content-Type': type, 'Content-Disposition': `attachment; filename="${name}"` },
  });
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireActiveUser(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = querySchema.safeParse(params);
  const intl = await requestIntl(request);
  if (!query.success) {
    return new Response(intl.formatMessage({ id: 'org.export.badRequest' }), {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  const platform = await getPlatform();
  const data = query.data;
  if ('person' in data && (data.format === 'csv' || data.format === 'vcf')) {
    const team = await loadTeam(platform, data.person);
    if (!team) throw notFound(intl);
    const name = `team-${team[0].displayName}`;
    return data.format === 'csv'
      ? download(teamCsv(team), 'text/csv; charset=utf-8', fileName(name, 'csv'))
      : download(teamVcards(team, ORGANISATION), 'text/vcard; charset=utf-8', fileName(name, 'vcf'));
  }
  const chart =
    'person' in data
      ? await loadOrgView(platform, data.person).then(
          (view) =>
            view && {
              roots: view.roots,
              title: intl.formatMessage({ id: 'org.chart.label' }, { name: view.focus.displayName }),
            },
        )
      : await loadDepartmentView(platform, data.department).then(
          (view) =>
            view && {
              roots: view.roots,
              title: intl.formatMessage({ id: 'org.department.label' }, { department: view.department }),
            },
        );
  if (!chart) throw notFound(intl);
  // The picture's words (the cards' lines, its title) in the reader's language: a file they keep and share.
  const svg = renderToStaticMarkup(
    createElement(RawIntlProvider, { value: intl }, createElement(OrgChartPicture, { ...chart, standalone: true })),
  );
  const name = fileName(chart.title, data.format);
  return data.format === 'svg'
    ? download(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}`, 'image/svg+xml', name)
    : download(new Blob([new Uint8Array(await chartPng(svg))]), 'image/png', name);
}
