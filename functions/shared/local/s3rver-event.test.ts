import { describe, expect, it } from 'vitest';
import { normaliseS3rverEvent } from './s3rver-event';

describe('normaliseS3rverEvent', () => {
  it('URL-encodes the key and mends the bucket ARN, as real S3 sends them', () => {
    // The shape s3rver 3.7 emits (models/event.js): raw key, "arn:aws:s3: : :" ARN.
    const s3rverEvent = {
      Records: [
        {
          eventVersion: '2.0',
          eventSource: 'aws:s3',
          awsRegion: 'us-east-1',
          eventTime: '2026-01-01T00:00:00.000Z',
          eventName: 'ObjectCreated:Put',
          s3: {
            s3SchemaVersion: '1.0',
            configurationId: 'testConfigId',
            bucket: { name: 'photos', ownerIdentity: { principalId: 'X' }, arn: 'arn:aws:s3: : :photos' },
            object: { key: 'uploads/My Photo+1.jpg', sequencer: '18C', size: 3, eTag: 'abc' },
          },
        },
      ],
    };
    const [record] = normaliseS3rverEvent(s3rverEvent).Records;
    expect(record.s3.object.key).toBe('uploads/My+Photo%2B1.jpg');
    expect(record.s3.bucket.arn).toBe('arn:aws:s3:::photos');
    expect(record.s3.object).toMatchObject({ size: 3, eTag: 'abc', sequencer: '18C' });
    expect(record.eventName).toBe('ObjectCreated:Put');
  });
});
