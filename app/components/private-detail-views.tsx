/**
 * "Who viewed your private details": the view log (docs/decisions/320-personal-archive-and-view-log.md) on /me
 * for the person, and on HR's employee page. Names of fields only; the values are never logged.
 */
import { useIntl } from 'react-intl';
import { useViewer } from '~/i18n/document-intl';
import { formatDateTime } from '~/i18n/format';
import { useT } from '~/i18n/use-t';
import type { ViewPlace } from '~/models/private-detail-view-places';

export interface PrivateDetailViewRow {
  id: string;
  viewerName: string | null;
  at: string;
  place: string;
  fields: string[];
  /** The fields HR defines by their current label (HR's words, never translated), and whether HR retired them. */
  fieldLabels: Array<{ label: string; retired: boolean }>;
}

/** The places the log names (app/models/private-detail-view-places.ts), as the catalogue words them. */
const PLACE_IDS: Record<ViewPlace, string> = {
  'employee-page': 'myData.views.place.employeePage',
  'profile-page': 'myData.views.place.profilePage',
  'csv-export': 'myData.views.place.csvExport',
  'hr-archive': 'myData.views.place.hrArchive',
  'field-changes': 'myData.views.place.fieldChanges',
};

/** The built-in private fields by their stored names; a field HR defines keeps HR's label (never translated). */
const FIELD_IDS: Record<string, string> = {
  personalEmail: 'myData.views.field.personalEmail',
  personalPhone: 'myData.views.field.personalPhone',
  emergencyContactName: 'myData.views.field.emergencyContactName',
  emergencyContactPhone: 'myData.views.field.emergencyContactPhone',
};

export function PrivateDetailViews({
  views,
  more,
  own,
  archiveHref,
}: {
  views: PrivateDetailViewRow[];
  more: boolean;
  /** The person's own page (/me): "your"; HR's page names no one. */
  own: boolean;
  /** Where the whole log is: the archive ("My data"). */
  archiveHref: string;
}) {
  const t = useT();
  const intl = useIntl();
  const viewer = useViewer();
  const placeLabel = (place: string) => {
    const id = Object.hasOwn(PLACE_IDS, place) ? PLACE_IDS[place as ViewPlace] : undefined;
    return id ? t(id) : place;
  };
  const fieldLabels = (view: PrivateDetailViewRow) =>
    view.fields
      .map((field, index) => {
        const id = FIELD_IDS[field];
        if (id) return t(id);
        const shown = view.fieldLabels[index] ?? { label: field, retired: false };
        return shown.retired ? t('myData.views.retiredField', { label: shown.label }) : shown.label;
      })
      .join(', ');
  return (
    <section className="card" aria-labelledby="private-views-heading" data-testid="private-detail-views">
      <h2 id="private-views-heading">{own ? t('myData.views.ownHeading') : t('myData.views.hrHeading')}</h2>
      <p className="muted">{own ? t('myData.views.ownIntro') : t('myData.views.hrIntro')}</p>
      {views.length === 0 ? (
        <p className="muted">{own ? t('myData.views.ownNone') : t('myData.views.hrNone')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('myData.views.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('myData.views.when')}</th>
                <th scope="col">{t('myData.views.who')}</th>
                <th scope="col">{t('myData.views.where')}</th>
                <th scope="col">{t('myData.views.fields')}</th>
              </tr>
            </thead>
            <tbody>
              {views.map((view) => (
                <tr key={view.id}>
                  <td>{formatDateTime(Date.parse(view.at), viewer)}</td>
                  <td>{view.viewerName ?? t('myData.views.formerEmployee')}</td>
                  <td>{placeLabel(view.place)}</td>
                  <td>{fieldLabels(view)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more ? (
        <p className="muted">
          {intl.formatMessage(
            { id: 'myData.views.more' },
            { count: views.length, link: (chunks) => <a href={archiveHref}>{chunks}</a> },
          )}
        </p>
      ) : null}
    </section>
  );
}
