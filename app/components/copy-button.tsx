/**
 * Copies a text to the clipboard and says so. Rendered only with JavaScript (the clipboard needs it): without it
 * the text stays in its read-only box, selectable by hand.
 */
import { useEffect, useState } from 'react';

export function CopyButton({ text, label }: { text: string; label: string }) {
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
        {copied === 'yes' ? ' Copied.' : copied === 'failed' ? ' Could not copy: select the text and copy it.' : ''}
      </span>
    </>
  );
}
