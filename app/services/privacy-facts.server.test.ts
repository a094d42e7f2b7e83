/** The privacy page's facts follow the settings: on AWS they name the region and the services in it. */
import { describe, expect, it } from 'vitest';
import { parseEnv } from '~/config/env.server';
import { privacyFacts } from './privacy-facts.server';

describe('privacy facts', () => {
  it('locally: this server, the face model, the retention defaults', () => {
    const facts = privacyFacts(parseEnv({ APP_ENV: 'local', NODE_ENV: 'test' }));
    expect(facts.location).toBe('this server (a local installation)');
    expect(facts.retention).toEqual({
      applicationDays: 90,
      deactivatedProfileDays: 730,
      faceAfterDeactivationDays: 30,
      warningDays: 7,
    });
    expect(facts.faceCheck.where).toContain('128 numbers');
    expect(facts.faceCheck.howLong).toContain('30 days after a deactivation');
  });

  it('on AWS: the region, Rekognition, OpenSearch, Step Functions history and backups', () => {
    const facts = privacyFacts({
      ...parseEnv({ APP_ENV: 'local', NODE_ENV: 'test' }),
      APP_ENV: 'aws',
      AWS_REGION: 'eu-west-2',
      FACE_VERIFIER: 'rekognition',
      SEARCH_BACKEND: 'opensearch',
      RETENTION_DEACTIVATED_PROFILE_DAYS: 365,
    });
    expect(facts.location).toBe('Amazon Web Services, region eu-west-2');
    expect(facts.faceCheck.where).toBe(
      "a face reference in the Rekognition face collection in eu-west-2, and its id on the photo's record",
    );
    const where = Object.fromEntries(facts.stores.map((fact) => [fact.store, fact.where]));
    expect(where).toMatchObject({
      'Profiles database': 'Amazon RDS (MySQL) in eu-west-2',
      Photos: 'Amazon S3 in eu-west-2',
      'Directory search': 'Amazon OpenSearch Service in eu-west-2',
      'Verification workflow': 'AWS Step Functions in eu-west-2',
    });
    const workflow = facts.stores.find((fact) => fact.store === 'Verification workflow')!;
    expect(workflow.howLong).toContain('90 days');
    expect(facts.stores.find((fact) => fact.store === 'Profiles database')!.howLong).toContain(
      '365 days after a deactivation',
    );
  });
});
