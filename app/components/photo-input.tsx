/** A photo file input with a preview of the chosen file (before anything is sent). */
import { useEffect, useState } from 'react';
import { Field } from './field';

export function PhotoInput({
  error,
  label = 'Photo',
  maxMegabytes,
}: {
  error?: string | null;
  label?: string;
  maxMegabytes: number;
}) {
  const [preview, setPreview] = useState<string | null>(null);
  useEffect(
    () => () => {
      if (preview) URL.revokeObjectURL(preview);
    },
    [preview],
  );
  return (
    <div className="photo-picker">
      {preview ? (
        <img className="photo-preview" src={preview} alt="Preview of the chosen photo" width={96} height={96} />
      ) : null}
      <Field
        name="photo"
        type="file"
        label={label}
        // No image/heic: sharp's prebuilt libvips (here and in the Lambda) cannot decode HEVC, and leaving HEIC
        // out of `accept` makes iPhone Safari convert a HEIC photo to JPEG as it uploads (decision 307).
        accept="image/jpeg,image/png,image/webp,image/avif,image/gif"
        hint={`A clear photo of your face. JPEG, PNG, WebP, AVIF or GIF, up to ${maxMegabytes} MB.`}
        error={error}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          setPreview(file && file.type.startsWith('image/') ? URL.createObjectURL(file) : null);
        }}
      />
    </div>
  );
}
