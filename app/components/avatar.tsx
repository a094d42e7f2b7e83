/**
 * A round employee photo from the app's cached photo route (WebP with a JPEG fallback), or initials when
 * there is none yet. The URLs come from app/utils/photo-url.ts.
 */
import type { RenditionFormat, RenditionSize } from '@shared/contracts/s3-keys';
import { useT } from '~/i18n/use-t';
import { photoUrl } from '~/utils/photo-url';

type Size = RenditionSize;

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
  const t = useT();
  if (!photoId) {
    return (
      <span className={`avatar avatar--${size}`} aria-hidden="true">
        {initialsOf(name)}
      </span>
    );
  }
  const pixels = size === 'sm' ? 48 : 160;
  const [x1, x2]: [Size, Size] = size === 'sm' ? [96, 256] : [256, 512];
  const photo = { employeeId, photoId };
  const srcSet = (format: RenditionFormat) => `${photoUrl(photo, x1, format)} 1x, ${photoUrl(photo, x2, format)} 2x`;
  return (
    <picture>
      <source type="image/webp" srcSet={srcSet('webp')} />
      <img
        className={`avatar avatar--${size}`}
        src={photoUrl(photo, x1, 'jpeg')}
        srcSet={srcSet('jpeg')}
        width={pixels}
        height={pixels}
        alt={alt ?? t('directory.photoOf', { name })}
        loading={size === 'sm' ? 'lazy' : undefined}
        decoding="async"
      />
    </picture>
  );
}
