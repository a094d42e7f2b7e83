/**
 * What the privacy page (/privacy) tells people, derived from the settings the code itself runs on: the
 * retention periods the sweep applies (app/services/retention-sweep.server.ts), the face-check notice's version,
 * which face check runs and where, the AWS region and which store holds what. One source, so the page cannot
 * drift from what the product does. Pure: reads the parsed environment only, and words the facts in the reader's
 * language (`intl`, the request's; English by default).
 */
import type { IntlShape } from 'react-intl';
import type { Env } from '~/config/env.server';
import { catalogue } from '~/i18n/catalogue.server';

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

export function privacyFacts(env: FactsEnv, intl: IntlShape = catalogue('en').intl): PrivacyFacts {
  const say = (id: string, values?: Record<string, string | number>) => intl.formatMessage({ id }, values);
  const days = (count: number) => say('privacyFacts.days', { count });
  const onAws = env.APP_ENV === 'aws';
  const region = env.AWS_REGION;
  const location = onAws ? say('privacyFacts.location.aws', { region }) : say('privacyFacts.location.local');
  const retention = {
    applicationDays: env.RETENTION_REJECTED_APPLICATION_DAYS,
    deactivatedProfileDays: env.RETENTION_DEACTIVATED_PROFILE_DAYS,
    faceAfterDeactivationDays: env.RETENTION_FACE_AFTER_DEACTIVATION_DAYS,
    warningDays: env.RETENTION_WARNING_DAYS,
  };
  const untilErased = say('privacyFacts.untilErased', {
    application: days(retention.applicationDays),
    deactivated: days(retention.deactivatedProfileDays),
  });
  const rekognition = env.FACE_VERIFIER === 'rekognition';
  const faceCheck = {
    noticeVersion: env.FACE_CHECK_NOTICE_VERSION,
    how: rekognition ? say('privacyFacts.face.howRekognition') : say('privacyFacts.face.howLocal'),
    where: rekognition ? say('privacyFacts.face.whereRekognition', { region }) : say('privacyFacts.face.whereLocal'),
    howLong: say('privacyFacts.face.howLong', { days: days(retention.faceAfterDeactivationDays) }),
  };
  const stores: StoreFact[] = [
    {
      store: say('privacyFacts.store.database'),
      where: onAws
        ? say('privacyFacts.where.rds', { region })
        : env.DATABASE_URL
          ? say('privacyFacts.where.mysql')
          : say('privacyFacts.where.sqlite'),
      what: say('privacyFacts.what.database'),
      howLong: untilErased,
    },
    {
      store: say('privacyFacts.store.records'),
      where: onAws ? say('privacyFacts.where.dynamodb', { region }) : say('privacyFacts.where.dynamodbLocal'),
      what: say('privacyFacts.what.records'),
      howLong: untilErased,
    },
    {
      store: say('privacyFacts.store.photos'),
      where: onAws ? say('privacyFacts.where.s3', { region }) : say('privacyFacts.where.s3Local'),
      what: say('privacyFacts.what.photos'),
      howLong: say('privacyFacts.howLong.photos', { days: days(PHOTO_OLD_VERSION_DAYS) }),
    },
    {
      store: say('privacyFacts.store.search'),
      where:
        env.SEARCH_BACKEND === 'opensearch'
          ? say('privacyFacts.where.opensearch', { region })
          : say('privacyFacts.where.memory'),
      what: say('privacyFacts.what.search'),
      howLong: say('privacyFacts.howLong.search'),
    },
    {
      store: say('privacyFacts.store.workflow'),
      where: onAws ? say('privacyFacts.where.stepFunctions', { region }) : say('privacyFacts.where.database'),
      what: say('privacyFacts.what.workflow'),
      howLong: onAws ? say('privacyFacts.howLong.workflow', { days: days(STEP_FUNCTIONS_HISTORY_DAYS) }) : untilErased,
    },
    {
      store: say('privacyFacts.store.emails'),
      where: onAws ? say('privacyFacts.where.ses', { region }) : say('privacyFacts.where.files'),
      what: say('privacyFacts.what.emails'),
      howLong: onAws ? say('privacyFacts.howLong.ses') : untilErased,
    },
    {
      store: say('privacyFacts.store.backups'),
      where: onAws ? say('privacyFacts.where.backups', { region }) : say('privacyFacts.where.noBackups'),
      what: say('privacyFacts.what.backups'),
      howLong: onAws ? say('privacyFacts.howLong.backups') : say('privacyFacts.howLong.notApplicable'),
    },
  ];
  return { location, faceCheck, retention, stores };
}
