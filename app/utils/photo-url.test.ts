import { describe, expect, it } from 'vitest';
import { parsePhotoUrl, photoUrl } from './photo-url';

const photo = { employeeId: '0b7c9a52-6a3e-4f57-9d0a-1f2e3d4c5b6a', photoId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b' };

describe('the photo URL', () => {
  it('names the size and the format, JPEG as .jpg', () => {
    expect(photoUrl(photo, 96, 'jpeg')).toBe(`/photos/${photo.employeeId}/${photo.photoId}/96.jpg`);
    expect(photoUrl(photo, 512, 'webp')).toBe(`/photos/${photo.employeeId}/${photo.photoId}/512.webp`);
  });

  it('parses back into the rendition it was built from', () => {
    for (const format of ['webp', 'jpeg'] as const) {
      const [, , employeeId, photoId, file] = photoUrl(photo, 256, format).split('/');
      expect(parsePhotoUrl({ employeeId, photoId, file })).toEqual({ ...photo, size: 256, format });
    }
  });

  it('names no rendition for another size, extension or id', () => {
    expect(parsePhotoUrl({ ...photo, file: '128.webp' })).toBeNull();
    expect(parsePhotoUrl({ ...photo, file: '96.jpeg' })).toBeNull();
    expect(parsePhotoUrl({ ...photo, file: '96.png' })).toBeNull();
    expect(parsePhotoUrl({ ...photo, employeeId: 'not-a-uuid', file: '96.jpg' })).toBeNull();
    expect(parsePhotoUrl({ ...photo })).toBeNull();
  });
});
