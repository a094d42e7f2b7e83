/**
 * /me: the person's answer about the face check, and the way to withdraw it (docs/decisions/206-face-check-consent.md).
 * Withdrawing deletes every face reference kept for them before the page comes back.
 */
import { Form } from '@remix-run/react';
import { FormError } from './field';
import { useViewer } from '~/i18n/document-intl';
import { formatDateTime, type Viewer } from '~/i18n/format';
import { useT } from '~/i18n/use-t';
import type { FaceCheckConsentState } from '~/utils/face-check-notice';

function stateText(consent: FaceCheckConsentState, t: ReturnType<typeof useT>, viewer: Viewer): string {
  const { latest } = consent;
  if (!latest) return t('consent.notAnswered');
  const values = { when: formatDateTime(latest.recordedAt, viewer), version: latest.noticeVersion };
  if (latest.choice === 'given' && consent.current) return t('consent.agreed', values);
  if (latest.choice === 'given') return t('consent.agreedEarlierVersion', values);
  if (latest.choice === 'declined') return t('consent.declined', values);
  return t('consent.withdrewOn', values);
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
  const t = useT();
  const viewer = useViewer();
  // Offered while a yes stands (face references may exist), and again after a withdrawal that could not finish.
  const mayWithdraw = consent.latest?.choice === 'given' || (result !== null && !result.ok);
  return (
    <section className="card" aria-labelledby="face-check-heading" data-testid="face-check-consent">
      <h2 id="face-check-heading">{t('consent.heading')}</h2>
      {result?.ok ? (
        <p className="alert alert--success" role="status">
          {result.message}
        </p>
      ) : null}
      <FormError message={result && !result.ok ? result.formError : null} />
      <p data-face-check-consent={consent.latest?.choice ?? 'not-asked'}>{stateText(consent, t, viewer)}</p>
      {mayWithdraw ? (
        <Form method="post" className="narrow-start">
          <input type="hidden" name="intent" value="face-check-withdraw" />
          <button type="submit" className="button--secondary" disabled={busy}>
            {busy ? t('consent.withdrawing') : t('consent.withdraw')}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
