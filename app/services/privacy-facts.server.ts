/**
 * What the privacy page (/privacy) tells people, derived from the settings the code itself runs on: the
 * retention periods the sweep applies (app/services/retention-sweep.server.ts), the face-check notice's version,
 * which face check runs and where, the AWS region and which store holds what. One source, so the page cannot
 * drift from what the product does. Pure: reads the parsed environment only.
 */
import type { Env } from '~/config/env.server';

/** The photo bucket's lifecycle rule (cloudformation/builders/photo-bucket.ts, NONCURRENT_VERSION_DAYS). */
const PHOTO_OLD_VERSION_DAYS = 30;
/** Step Functions keeps a closed execution's history this long, and offers no way to delete it. */
const STEP_FUNCTIONS_HISTORY_DAYS = 90;

export interface StoreFact {
  store: string;
  where: string;
  what: string;
  howLong: string;
}

export interface PrivacyFacts {
  /** Where the product runs: the AWS region, or this machine. */
  location: string;
  faceCheck: { noticeVersion: string; how: string; where: string; howLong: string };
  retention: {
    applicationDays: number;
    deactivatedProfileDays: number;
    faceAfterDeactivationDays: number;
    warningDays: number;
  };
  stores: StoreFact[];
}

type FactsEnv = Pick<
  Env,
  | 'APP_ENV'
  | 'AWS_REGION'
  | 'DATABASE_URL'
  | 'SEARCH_BACKEND'
  | 'FACE_VERIFIER'
  | 'FACE_CHECK_NOTICE_VERSION'
  | 'RETENTION_REJECTED_APPLICATION_DAYS'
  | 'RETENTION_DEACTIVATED_PROFILE_DAYS'
  | 'RETENTION_FACE_AFTER_DEACTIVATION_DAYS'
  | 'RETENTION_WARNING_DAYS'
>;

const days = (count: number) => (count === 1 ? '1 day' : `${count} days`);

export function privacyFacts(env: FactsEnv): PrivacyFacts {
  const onAws = env.APP_ENV === 'aws';
  const region = env.AWS_REGION;
  const location = onAws ? `Amazon Web Services, region ${region}` : 'this server (a local installation)';
  const retention = {
    applicationDays: env.RETENTION_REJECTED_APPLICATION_DAYS,
    deactivatedProfileDays: env.RETENTION_DEACTIVATED_PROFILE_DAYS,
    faceAfterDeactivationDays: env.RETENTION_FACE_AFTER_DEACTIVATION_DAYS,
    warningDays: env.RETENTION_WARNING_DAYS,
  };
  const untilErased =
    `until the profile is erased: ${days(retention.applicationDays)} after an application is rejected or ` +
    `abandoned, ${days(retention.deactivatedProfileDays)} after a deactivation, or earlier on request`;
  const rekognition = env.FACE_VERIFIER === 'rekognition';
  const faceCheck = {
    noticeVersion: env.FACE_CHECK_NOTICE_VERSION,
    how: rekognition
      ? 'Amazon Rekognition compares the face in a new photo with the one on the profile'
      : 'a face model on this server compares the face in a new photo with the one on the profile',
    where: rekognition
      ? `a face reference in the Rekognition face collection in ${region}, and its id on the photo's record`
      : "a face reference (128 numbers, not a picture) on the photo's record",
    howLong:
      `as long as the photo, and no more than ${days(retention.faceAfterDeactivationDays)} after a ` +
      'deactivation; withdrawing consent deletes it at once',
  };
  const stores: StoreFact[] = [
    {
      store: 'Profiles database',
      where: onAws
        ? `Amazon RDS (MySQL) in ${region}`
        : env.DATABASE_URL
          ? 'a MySQL server'
          : 'a SQLite file on this server',
      what: 'the profile (public and private fields), sign-in data (hashed), the change history by ids, consent records',
      howLong: untilErased,
    },
    {
      store: 'Photo records and activity',
      where: onAws ? `Amazon DynamoDB in ${region}` : 'a DynamoDB emulator on this server',
      what: "each photo's record with the face check's outcome and face reference, profile extras, the activity log",
      howLong: untilErased,
    },
    {
      store: 'Photos',
      where: onAws ? `Amazon S3 in ${region}` : 'an S3 emulator on this server',
      what: 'the uploaded photo and its resized copies',
      howLong: `until replaced or erased; replaced and erased versions are gone within ${days(PHOTO_OLD_VERSION_DAYS)}`,
    },
    {
      store: 'Directory search',
      where: env.SEARCH_BACKEND === 'opensearch' ? `Amazon OpenSearch Service in ${region}` : "this server's memory",
      what: 'the public fields of active profiles only',
      howLong: 'while the profile is active',
    },
    {
      store: 'Verification workflow',
      where: onAws ? `AWS Step Functions in ${region}` : 'the profiles database',
      what: "the steps of a new profile's check, by ids and outcomes only (no names, no reasons)",
      howLong: onAws
        ? `${days(STEP_FUNCTIONS_HISTORY_DAYS)} after the check ends (AWS keeps it and cannot delete it early)`
        : untilErased,
    },
    {
      store: 'Emails to you',
      where: onAws ? `Amazon SES in ${region}` : 'files on this server',
      what: 'notices about your own account, sent to your work address',
      howLong: onAws ? 'SES keeps no copy once sent' : untilErased,
    },
    {
      store: 'Backups',
      where: onAws ? `Amazon RDS automated backups in ${region}` : 'none made by the product',
      what: 'copies of the profiles database',
      howLong: onAws
        ? 'the backup period the operators set (7 days unless changed): an erased profile leaves them as they expire'
        : 'not applicable',
    },
  ];
  return { location, faceCheck, retention, stores };
}
