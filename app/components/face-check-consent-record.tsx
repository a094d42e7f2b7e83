/**
 * HR's employee page: what the person answered about the face check, newest first (decision 206). The first line
 * is what holds now; "not asked" means their photos are not checked until they agree.
 */
import { formatDateTime } from '~/i18n/format';
import { useViewer } from '~/i18n/document-intl';
import { useT } from '~/i18n/use-t';
import type { FaceCheckConsentEntry } from '~/utils/face-check-notice';

const CHOICES: Record<FaceCheckConsentEntry['choice'], string> = {
  given: 'adminEmployee.consent.given',
  declined: 'adminEmployee.consent.declined',
  withdrawn: 'adminEmployee.consent.withdrawn',
};

const PLACES: Record<FaceCheckConsentEntry['place'], string> = {
  join: 'adminEmployee.consent.placeJoin',
  'photo-replacement': 'adminEmployee.consent.placePhotoReplacement',
  'sso-onboarding': 'adminEmployee.consent.placeSsoOnboarding',
  me: 'adminEmployee.consent.placeMe',
};

export function FaceCheckConsentRecord({
  record,
}: {
  record: { history: FaceCheckConsentEntry[]; noticeVersion: string };
}) {
  const t = useT();
  const viewer = useViewer();
  const [latest, ...earlier] = record.history;
  const checked = latest?.choice === 'given' && latest.noticeVersion === record.noticeVersion;
  const describe = (entry: FaceCheckConsentEntry) =>
    t('adminEmployee.consent.entry', {
      choice: t(CHOICES[entry.choice]),
      place: t(PLACES[entry.place]),
      when: formatDateTime(entry.recordedAt, viewer),
      version: entry.noticeVersion,
    });
  return (
    <section className="card" aria-labelledby="face-check-consent-heading" data-testid="face-check-consent-record">
      <h2 id="face-check-consent-heading">{t('adminEmployee.consent.title')}</h2>
      <p data-face-check-consent={latest?.choice ?? 'not-asked'}>
        {latest ? `${describe(latest)}.` : t('adminEmployee.consent.notAsked')}{' '}
        {checked ? t('adminEmployee.consent.checked') : t('adminEmployee.consent.notChecked')}
      </p>
      {earlier.length > 0 ? (
        <details>
          <summary>{t('adminEmployee.consent.earlier')}</summary>
          <ul>
            {earlier.map((entry) => (
              <li key={`${entry.recordedAt}-${entry.choice}`}>{describe(entry)}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
