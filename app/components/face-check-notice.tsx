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
import { countPhrase } from '~/utils/plural';

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
  const where =
    facts.store.kind === 'rekognition'
      ? `in the face collection of Amazon Rekognition, in the AWS region ${facts.store.region}`
      : 'as 128 numbers computed by the face model, stored on the photo’s record';
  return (
    <fieldset className="face-check-notice" aria-describedby={`${id}-text`} data-notice-version={facts.noticeVersion}>
      <legend>Consent to the face check</legend>
      <div id={`${id}-text`} className="face-check-notice__text">
        <p>
          <strong>What we check, and why:</strong> that the photo shows one real person’s face, clear enough to
          recognise, and, when you replace your photo, that it is still you. This keeps the directory’s photos
          trustworthy.
        </p>
        <p>
          <strong>What we keep:</strong> a face reference, a description of your face made from the photo, to compare
          your next photo with. <strong>Where:</strong> {where}. <strong>How long:</strong> as long as the photo it came
          from, and{' '}
          {facts.faceRetentionDaysAfterDeactivation === 0
            ? 'not after your profile is deactivated'
            : `at most ${countPhrase(facts.faceRetentionDaysAfterDeactivation, { one: 'day', other: 'days' })} after your profile is deactivated`}
          . You can withdraw at any time on your profile page: every face reference is then deleted within a minute.
        </p>
        <p>
          <strong>You may say no.</strong> Then nothing about your face is detected, compared or kept, and HR looks at
          your photo by eye instead. Either answer lets you go on.
        </p>
      </div>
      {/* The answers' labels avoid the word "photo": forms find their photo field by that label. */}
      <label className="face-check-notice__choice">
        <input type="radio" name={FACE_CHECK_CONSENT_FIELD} value="given" defaultChecked={answer === 'given'} /> Yes:
        check my face and keep a face reference
      </label>
      <label className="face-check-notice__choice">
        <input type="radio" name={FACE_CHECK_CONSENT_FIELD} value="declined" defaultChecked={answer === 'declined'} />{' '}
        No: HR checks by eye instead
      </label>
      <p className="field__hint">
        Notice version {facts.noticeVersion}.{' '}
        {/* A new tab: following the link from a half-filled join form must not lose what was typed. */}
        <a href="/privacy" target="_blank" rel="noopener">
          How XYZ People handles your data (opens in a new tab)
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
