import { describe, expect, it } from 'vitest';
import { HR_REFUSED_REASON } from '@shared/photo-records';
import { failedPhotoMessage } from './photo-failure';

describe('failedPhotoMessage', () => {
  it('asks the owner for another photo once after HR refused one', () => {
    expect(failedPhotoMessage(HR_REFUSED_REASON, true)).toBe(
      'The last photo could not be used: HR did not accept this photo. Please choose another one.',
    );
  });

  it('asks once even for a refusal stored with the ask in its reason', () => {
    expect(failedPhotoMessage('HR did not accept this photo. Please choose another one.', true)).toBe(
      'The last photo could not be used: HR did not accept this photo. Please choose another one.',
    );
  });

  it("asks after the face check's reason, and only the owner", () => {
    expect(failedPhotoMessage('Please face the camera.', true)).toBe(
      'The last photo could not be used: Please face the camera. Please choose another one.',
    );
    expect(failedPhotoMessage('Please face the camera.', false)).toBe(
      'The last photo could not be used: Please face the camera.',
    );
  });
});
