/**
 * The fixed photo reasons in the catalogue (app/i18n/photo-reasons.ts). Here, not beside that module: it
 * reads the sentences the server stores, which a component may not import (.dependency-cruiser.cjs).
 */
import { describe, expect, it } from 'vitest';
import { FACE_REJECTION_REASONS } from '@shared/faces/face-quality';
import { HR_REFUSED_REASON } from '@shared/photo-records';
import { HELD_MESSAGES } from '~/services/photo-view.server';
import { catalogue } from '~/i18n/catalogue.server';
import { photoReasonId } from '~/i18n/photo-reasons';

describe('the fixed reasons a photo record stores', () => {
  it('each has a catalogue id, so it is shown in the page’s language', () => {
    const german = catalogue('de').intl;
    for (const reason of [
      ...Object.values(FACE_REJECTION_REASONS),
      HR_REFUSED_REASON,
      'The photo could not be processed.',
      ...Object.values(HELD_MESSAGES),
    ]) {
      const id = photoReasonId(reason);
      expect(id, reason).not.toBeNull();
      expect(catalogue('en').intl.formatMessage({ id: id! }), reason).toBe(reason);
      expect(german.formatMessage({ id: id! }), reason).not.toBe(reason);
    }
  });

  it('leaves a reason with details in it as stored', () => {
    expect(photoReasonId('The image could not be read (bad header).')).toBeNull();
    expect(photoReasonId('toString')).toBeNull();
  });
});
