/**
 * /me: the person's answer about the face check, and the way to withdraw it (docs/decisions/206-face-check-consent.md).
 * Withdrawing deletes every face reference kept for them before the page comes back.
 */
import { Form } from '@remix-run/react';
import { FormError } from './field';
import { consentTime, type FaceCheckConsentState } from '~/utils/face-check-notice';

function stateText(consent: FaceCheckConsentState): string {
  const { latest } = consent;
  if (!latest)
    return 'You have not answered yet: we ask you with your next photo. Until you agree, HR checks your photos by eye.';
  const when = consentTime(latest.recordedAt);
  if (latest.choice === 'given' && consent.current)
    return `You agreed to the face check on ${when} (notice version ${latest.noticeVersion}). Your photos are checked and a face reference is kept.`;
  if (latest.choice === 'given')
    return `You agreed on ${when} to an earlier version of the notice (${latest.noticeVersion}); we ask you again with your next photo. Until then HR checks new photos by eye.`;
  if (latest.choice === 'declined')
    return `You said no on ${when}: nothing about your face is checked or kept, and HR checks your photos by eye.`;
  return `You withdrew your consent on ${when}: your face references were deleted, and HR checks your photos by eye. You can agree again with your next photo.`;
}

export function FaceCheckConsentCard({
  consent,
  result,
  busy,
}: {
  consent: FaceCheckConsentState;
  result: { ok: true; message: string } | { ok: false; formError: string | null } | null;
  busy: boolean;
}) {
  // Offered while a yes stands (face references may exist), and again after a withdrawal that could not finish.
  const mayWithdraw = consent.latest?.choice === 'given' || (result !== null && !result.ok);
  return (
    <section className="card" aria-labelledby="face-check-heading" data-testid="face-check-consent">
      <h2 id="face-check-heading">Face check</h2>
      {result?.ok ? (
        <p className="alert alert--success" role="status">
          {result.message}
        </p>
      ) : null}
      <FormError message={result && !result.ok ? result.formError : null} />
      <p data-face-check-consent={consent.latest?.choice ?? 'not-asked'}>{stateText(consent)}</p>
      {mayWithdraw ? (
        <Form method="post" className="narrow-start">
          <input type="hidden" name="intent" value="face-check-withdraw" />
          <button type="submit" className="button--secondary" disabled={busy}>
            {busy ? 'Withdrawing…' : 'Withdraw my consent and delete my face references'}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
