import { describe, expect, it } from 'vitest';
import { checkChosenPhoto, UNREADABLE_PHOTO_MESSAGE } from './photo-choice';

const MB = 1024 * 1024;

describe('checkChosenPhoto', () => {
  it('accepts the formats the hint names, up to the limit', () => {
    for (const type of ['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif']) {
      expect(checkChosenPhoto({ type, size: 2 * MB }, 2)).toBeNull();
    }
  });

  it('refuses a file that is not one of those formats, HEIC included, in the server’s words', () => {
    for (const type of ['text/plain', 'application/pdf', 'image/heic', 'image/svg+xml', 'image/tiff']) {
      expect(checkChosenPhoto({ type, size: 1000 }, 2)).toBe(UNREADABLE_PHOTO_MESSAGE);
    }
  });

  it('refuses a photo over the limit, saying both sizes', () => {
    expect(checkChosenPhoto({ type: 'image/jpeg', size: 3.2 * MB }, 2)).toBe(
      'This photo is 3.2 MB; the limit is 2 MB. Choose a smaller one.',
    );
    expect(checkChosenPhoto({ type: 'image/jpeg', size: 2 * MB + 1 }, 2)).toMatch(/^This photo is 2 MB; the limit/);
  });

  it('refuses an empty file, and leaves a file of unknown type to the preview', () => {
    expect(checkChosenPhoto({ type: 'image/png', size: 0 }, 2)).toBe(UNREADABLE_PHOTO_MESSAGE);
    expect(checkChosenPhoto({ type: '', size: 1000 }, 2)).toBeNull();
  });
});
