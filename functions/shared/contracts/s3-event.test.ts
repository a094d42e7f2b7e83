import { describe, expect, it } from 'vitest';
import { decodeS3Key, encodeS3Key } from './s3-event';

describe('S3 event keys', () => {
  it('decodes keys as S3 encodes them in events: + is a space, %2B a plus', () => {
    expect(decodeS3Key('uploads/My+Photo%2B1.jpg')).toBe('uploads/My Photo+1.jpg');
    expect(decodeS3Key('originals%2Fa%2Fb')).toBe('originals/a/b');
    expect(decodeS3Key('caf%C3%A9.jpg')).toBe('café.jpg');
  });

  it('encodes the way S3 does, keeping slashes, and round-trips', () => {
    const key = 'uploads/My Photo+1 (café).jpg';
    expect(encodeS3Key(key)).toBe('uploads/My+Photo%2B1+(caf%C3%A9).jpg');
    expect(decodeS3Key(encodeS3Key(key))).toBe(key);
  });
});
