/**
 * Copies a text to the clipboard and says so. Rendered only with JavaScript (the clipboard needs it): without it
 * the text stays in its read-only box, selectable by hand.
 */
import { useEffect, useState } from 'react';
import { useT } from '~/i18n/use-t';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const t = useT();
  const [hydrated, setHydrated] = useState(false);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  useEffect(() => setHydrated(true), []);
  if (!hydrated) return null;
  return (
    <>
      <button
        type="button"
        className="button--secondary"
        onClick={() => {
          navigator.clipboard.writeText(text).then(
            () => setCopied('yes'),
            () => setCopied('failed'),
          );
        }}
      >
        {label}
      </button>
      <span role="status" className="muted">
        {copied === 'yes' ? t('adminNav.copied') : copied === 'failed' ? t('adminNav.copyFailed') : ''}
      </span>
    </>
  );
}
