/**
 * Progressive enhancement for forms that carry a photo: without JavaScript the form posts normally (the
 * page's action answers); with it, the same fields go by XMLHttpRequest to a JSON endpoint so that an
 * upload progress bar can be shown, and the answer either moves on or shows the errors by their fields.
 */
import { useNavigate } from '@remix-run/react';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useT } from '~/i18n/use-t';

export type UploadResult =
  | { ok: true; redirectTo: string }
  | {
      ok: false;
      errors: Partial<Record<string, string>>;
      formError?: string | null;
      values?: Partial<Record<string, string>>;
      /** The join link was unknown, used or expired (the join page offers a new one). */
      linkExpired?: boolean;
    };

/**
 * `inApp`: move on by a client-side navigation (loaders revalidate, the page is not reloaded), for a page that
 * stays put and then follows the photo (/me). Otherwise a full page load, as after /join's new session.
 */
export function useUploadForm(endpoint: string, options: { inApp?: boolean } = {}) {
  const navigate = useNavigate();
  const t = useT();
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<Extract<UploadResult, { ok: false }> | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const body = new FormData(form);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', endpoint);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.responseType = 'json';
    setBusy(true);
    setProgress(0);
    // The last answer's messages were about the last attempt: they go while this one is sent.
    setResult(null);
    xhr.upload.onprogress = (progressEvent) => {
      if (progressEvent.lengthComputable) setProgress(Math.round((progressEvent.loaded / progressEvent.total) * 100));
    };
    xhr.onload = () => {
      const answer = xhr.response as UploadResult | null;
      if (answer && answer.ok) {
        if (!options.inApp) return window.location.assign(answer.redirectTo);
        setBusy(false);
        setProgress(null);
        setResult(null);
        navigate(answer.redirectTo, { preventScrollReset: true });
        return;
      }
      setBusy(false);
      setProgress(null);
      setResult(
        answer && !answer.ok
          ? answer
          : {
              ok: false,
              errors: {},
              formError: xhr.status === 413 ? t('upload.tooLarge') : t('upload.failed'),
            },
      );
      requestAnimationFrame(() => {
        const firstInvalid = form.querySelector<HTMLElement>('[aria-invalid="true"], [role="alert"][tabindex="-1"]');
        firstInvalid?.focus();
      });
    };
    xhr.onerror = () => {
      setBusy(false);
      setProgress(null);
      setResult({ ok: false, errors: {}, formError: t('upload.connectionLost') });
    };
    xhr.send(body);
  }

  return { formRef, onSubmit, progress, result, busy };
}

export function UploadProgress({ progress }: { progress: number | null }) {
  const t = useT();
  if (progress === null) return null;
  return (
    <div className="field" aria-live="polite">
      <label htmlFor="upload-progress">
        {progress < 100 ? t('upload.sending', { progress: progress / 100 }) : t('upload.saving')}
      </label>
      <progress id="upload-progress" max={100} value={progress} />
    </div>
  );
}

export function SubmitRow({ busy, children, busyText }: { busy: boolean; children: ReactNode; busyText: string }) {
  return (
    <div className="actions">
      <button type="submit" disabled={busy}>
        {busy ? busyText : children}
      </button>
    </div>
  );
}
