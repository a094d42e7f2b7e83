/**
 * HR's employee page: what the person answered about the face check, newest first (decision 206). The first line
 * is what holds now; "not asked" means their photos are not checked until they agree.
 */
import { consentTime, FACE_CHECK_PLACES, type FaceCheckConsentEntry } from '~/utils/face-check-notice';

const CHOICES: Record<FaceCheckConsentEntry['choice'], string> = {
  given: 'Consent given',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};

export function FaceCheckConsentRecord({
  record,
}: {
  record: { history: FaceCheckConsentEntry[]; noticeVersion: string };
}) {
  const [latest, ...earlier] = record.history;
  const checked = latest?.choice === 'given' && latest.noticeVersion === record.noticeVersion;
  return (
    <section className="card" aria-labelledby="face-check-consent-heading" data-testid="face-check-consent-record">
      <h2 id="face-check-consent-heading">Consent to the face check</h2>
      <p data-face-check-consent={latest?.choice ?? 'not-asked'}>
        {latest
          ? `${CHOICES[latest.choice]} ${FACE_CHECK_PLACES[latest.place]}, ${consentTime(latest.recordedAt)}, notice version ${latest.noticeVersion}.`
          : 'Not asked yet.'}{' '}
        {checked ? 'Their photos are checked.' : 'Their photos are not checked: look at each new photo by eye.'}
      </p>
      {earlier.length > 0 ? (
        <details>
          <summary>Earlier answers</summary>
          <ul>
            {earlier.map((entry) => (
              <li key={`${entry.recordedAt}-${entry.choice}`}>
                {CHOICES[entry.choice]} {FACE_CHECK_PLACES[entry.place]}, {consentTime(entry.recordedAt)}, notice
                version {entry.noticeVersion}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
