/**
 * The face-check notice, in one place for every form that takes a photo (join, SSO onboarding, the photo
 * replacement on /me): what is checked and why, what is kept, where, for how long, and that the person may say no.
 * Its facts come from the settings (FaceCheckNoticeFacts), so the words follow what the code does. Both answers
 * submit; neither is chosen in advance (docs/decisions/206-face-check-consent.md).
 */
import {
  FACE_CHECK_CONSENT_FIELD,
  type FaceCheckConsentState,
  type FaceCheckNoticeFacts,
} from '~/utils/face-check-notice';
import type { ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { useT } from '~/i18n/use-t';

export function FaceCheckNotice({
  facts,
  answer,
  id = 'face-check',
}: {
  facts: FaceCheckNoticeFacts;
  /** The person's current answer under this notice, shown chosen (never a default of ours). */
  answer?: 'given' | 'declined' | null;
  id?: string;
}) {
  const t = useT();
  const intl = useIntl();
  const strong = (chunks: ReactNode[]) => <strong key={String(chunks[0])}>{chunks}</strong>;
  const where =
    facts.store.kind === 'rekognition'
      ? t('faceCheck.whereRekognition', { region: facts.store.region })
      : t('faceCheck.whereLocal');
  return (
    <fieldset className="face-check-notice" aria-describedby={`${id}-text`} data-notice-version={facts.noticeVersion}>
      <legend>{t('faceCheck.legend')}</legend>
      <div id={`${id}-text`} className="face-check-notice__text">
        <p>{intl.formatMessage({ id: 'faceCheck.what' }, { strong })}</p>
        <p>
          {intl.formatMessage(
            { id: 'faceCheck.kept' },
            { strong, where, days: facts.faceRetentionDaysAfterDeactivation },
          )}
        </p>
        <p>{intl.formatMessage({ id: 'faceCheck.mayDecline' }, { strong })}</p>
      </div>
      {/* The answers' labels avoid the word "photo": forms find their photo field by that label. */}
      <label className="face-check-notice__choice">
        <input type="radio" name={FACE_CHECK_CONSENT_FIELD} value="given" defaultChecked={answer === 'given'} />{' '}
        {t('faceCheck.yes')}
      </label>
      <label className="face-check-notice__choice">
        <input type="radio" name={FACE_CHECK_CONSENT_FIELD} value="declined" defaultChecked={answer === 'declined'} />{' '}
        {t('faceCheck.no')}
      </label>
      <p className="field__hint">
        {t('faceCheck.version', { version: facts.noticeVersion })}{' '}
        {/* A new tab: following the link from a half-filled join form must not lose what was typed. */}
        <a href="/privacy" target="_blank" rel="noopener">
          {t('faceCheck.privacyLink')}
        </a>
      </p>
    </fieldset>
  );
}

/** The answer to show chosen: the person's own, if made under the current notice; otherwise none. */
export function currentAnswer(consent: FaceCheckConsentState): 'given' | 'declined' | null {
  const choice = consent.current ? consent.latest?.choice : null;
  return choice === 'given' || choice === 'declined' ? choice : null;
}
