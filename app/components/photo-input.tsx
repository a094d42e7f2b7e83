/**
 * A photo file input with a preview of the chosen file (before anything is sent). A file the hint rules out
 * (type, size), or one the browser cannot decode, gets the field's message and no preview. The file stays
 * chosen: clearing it would let the form go without a photo unnoticed, and if it is sent the server refuses
 * it in the same words.
 */
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { Field } from './field';
import { useIntl } from 'react-intl';
import { translateFormError } from '~/i18n/form-errors';
import { useT } from '~/i18n/use-t';
import { ACCEPTED_PHOTO_TYPES, checkChosenPhoto, UNREADABLE_PHOTO_MESSAGE } from './photo-choice';

/**
 * Decodes the file off-screen first: an <img> given an undecodable blob: URL shows a broken image with its alt
 * text, and Chromium then reports a `connect-src` CSP violation for the blob (seen in Chromium 14x).
 * createImageBitmap reads the Blob directly, so nothing is fetched and nothing is drawn.
 */
async function canDecode(file: File): Promise<boolean> {
  if (typeof createImageBitmap !== 'function') return true; // an old browser: the <img> onError still catches it
  try {
    const bitmap = await createImageBitmap(file);
    bitmap.close();
    return true;
  } catch {
    return false;
  }
}

export function PhotoInput({
  error,
  label,
  maxMegabytes,
}: {
  error?: string | null;
  label?: string;
  maxMegabytes: number;
}) {
  const t = useT();
  const intl = useIntl();
  const [preview, setPreview] = useState<string | null>(null);
  const [choiceError, setChoiceError] = useState<string | null>(null);
  // The server's message is about the file sent last: once another is chosen it no longer applies. A new
  // answer makes it fresh again (useUploadForm clears the last answer while sending, so even the same words are new).
  const [serverErrorStale, setServerErrorStale] = useState(false);
  const latestChoice = useRef(0);
  useEffect(() => setServerErrorStale(false), [error]);
  useEffect(
    () => () => {
      if (preview) URL.revokeObjectURL(preview);
    },
    [preview],
  );

  /** The browser's own check words its message in English, like the server's: shown in the page's language. */
  function refuse(message: string) {
    setPreview(null);
    setChoiceError(translateFormError(intl, message));
  }

  async function onChange(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0];
    const choice = ++latestChoice.current;
    setServerErrorStale(true);
    setPreview(null);
    setChoiceError(null);
    if (!file) return;
    const problem = checkChosenPhoto(file, maxMegabytes);
    if (problem) return refuse(problem);
    const decodable = await canDecode(file);
    if (choice !== latestChoice.current) return; // another file was chosen meanwhile
    if (!decodable) return refuse(UNREADABLE_PHOTO_MESSAGE);
    setPreview(URL.createObjectURL(file));
  }

  return (
    <div className="photo-picker">
      {preview ? (
        <img
          className="photo-preview"
          src={preview}
          alt={t('photoInput.previewAlt')}
          width={96}
          height={96}
          onError={() => refuse(UNREADABLE_PHOTO_MESSAGE)}
        />
      ) : null}
      <Field
        name="photo"
        type="file"
        label={label ?? t('photoInput.label')}
        // No image/heic: sharp's prebuilt libvips (here and in the Lambda) cannot decode HEVC, and leaving HEIC
        // out of `accept` makes iPhone Safari convert a HEIC photo to JPEG as it uploads (decision 307).
        accept={ACCEPTED_PHOTO_TYPES.join(',')}
        hint={t('photoInput.hint', { maxMegabytes })}
        // A fresh answer from the server outranks the browser's guess (it read the file: "40000 × 40000 pixels"
        // says more than "cannot read"); once another file is chosen, the browser's own check speaks.
        error={error && !serverErrorStale ? error : choiceError}
        onChange={(event) => void onChange(event)}
      />
    </div>
  );
}
