/**
 * A round employee photo from the app's cached photo route (WebP with a JPEG fallback), or initials when
 * there is none yet. URL shape: /photos/:employeeId/:photoId/:size.(webp|jpg) (served by routes/photos.*).
 */
import type { RenditionSize } from '@shared/contracts/s3-keys';

type Size = RenditionSize;

export function photoSrc(employeeId: string, photoId: string, size: Size, format: 'webp' | 'jpg') {
  return `/photos/${employeeId}/${photoId}/${size}.${format}`;
}

function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

export function Avatar({
  employeeId,
  photoId,
  name,
  size = 'sm',
  alt,
}: {
  employeeId: string;
  photoId: string | null;
  name: string;
  size?: 'sm' | 'lg';
  /** Empty when the name is written right beside the photo (the image adds nothing for a screen reader). */
  alt?: string;
}) {
  if (!photoId) {
    return (
      <span className={`avatar avatar--${size}`} aria-hidden="true">
        {initialsOf(name)}
      </span>
    );
  }
  const pixels = size === 'sm' ? 48 : 160;
  const [x1, x2]: [Size, Size] = size === 'sm' ? [96, 256] : [256, 512];
  const srcSet = (format: 'webp' | 'jpg') =>
    `${photoSrc(employeeId, photoId, x1, format)} 1x, ${photoSrc(employeeId, photoId, x2, format)} 2x`;
  return (
    <picture>
      <source type="image/webp" srcSet={srcSet('webp')} />
      <img
        className={`avatar avatar--${size}`}
        src={photoSrc(employeeId, photoId, x1, 'jpg')}
        srcSet={srcSet('jpg')}
        width={pixels}
        height={pixels}
        alt={alt ?? `Photo of ${name}`}
        loading={size === 'sm' ? 'lazy' : undefined}
        decoding="async"
      />
    </picture>
  );
}
