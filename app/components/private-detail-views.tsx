/**
 * "Who viewed your private details": the view log (docs/decisions/320-personal-archive-and-view-log.md) on /me
 * for the person, and on HR's employee page. Names of fields only; the values are never logged.
 */
import { VIEW_PLACE_LABELS, type ViewPlace } from '~/models/private-detail-view-places';

export interface PrivateDetailViewRow {
  id: string;
  viewerName: string | null;
  at: string;
  place: string;
  fields: string[];
  /** The fields as shown: built-in ones in words, those HR defines by their current label. */
  fieldLabels: string[];
}

const when = (iso: string) => new Date(iso).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
const placeLabel = (place: string) => VIEW_PLACE_LABELS[place as ViewPlace] ?? place;

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
  return (
    <section className="card" aria-labelledby="private-views-heading" data-testid="private-detail-views">
      <h2 id="private-views-heading">{own ? 'Who viewed your private details' : 'Who viewed the private details'}</h2>
      <p className="muted">
        {own
          ? 'Each time someone else opened your personal email, personal phone or emergency contact (HR on your page, or in an archive of your data), it is listed here. Only the fields are recorded, never what they hold.'
          : 'Each time someone other than this employee read these private fields. This page view is listed too.'}
      </p>
      {views.length === 0 ? (
        <p className="muted">
          {own ? 'Nobody else has viewed them.' : 'Nobody other than this employee has viewed them.'}
        </p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Views of private details, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Where</th>
                <th scope="col">Fields</th>
              </tr>
            </thead>
            <tbody>
              {views.map((view) => (
                <tr key={view.id}>
                  <td>{when(view.at)}</td>
                  <td>{view.viewerName ?? 'a former employee'}</td>
                  <td>{placeLabel(view.place)}</td>
                  <td>{view.fieldLabels.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more ? (
        <p className="muted">
          The {views.length} newest are shown; <a href={archiveHref}>the archive of all data</a> has every one.
        </p>
      ) : null}
    </section>
  );
}
