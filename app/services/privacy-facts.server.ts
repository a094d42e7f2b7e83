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
  const days = (count: number) => say('privacy.days', { count });
  const onAws = env.APP_ENV === 'aws';
  const region = env.AWS_REGION;
  const location = onAws ? say('privacy.location.aws', { region }) : say('privacy.location.local');
  const retention = {
    applicationDays: env.RETENTION_REJECTED_APPLICATION_DAYS,
    deactivatedProfileDays: env.RETENTION_DEACTIVATED_PROFILE_DAYS,
    faceAfterDeactivationDays: env.RETENTION_FACE_AFTER_DEACTIVATION_DAYS,
    warningDays: env.RETENTION_WARNING_DAYS,
  };
  const untilErased = say('privacy.untilErased', {
    application: days(retention.applicationDays),
    deactivated: days(retention.deactivatedProfileDays),
  });
  const rekognition = env.FACE_VERIFIER === 'rekognition';
  const faceCheck = {
    noticeVersion: env.FACE_CHECK_NOTICE_VERSION,
    how: rekognition ? say('privacy.face.howRekognition') : say('privacy.face.howLocal'),
    where: rekognition ? say('privacy.face.whereRekognition', { region }) : say('privacy.face.whereLocal'),
    howLong: say('privacy.face.howLong', { days: days(retention.faceAfterDeactivationDays) }),
  };
  const stores: StoreFact[] = [
    {
      store: say('privacy.store.database'),
      where: onAws
        ? say('privacy.where.rds', { region })
        : env.DATABASE_URL
          ? say('privacy.where.mysql')
          : say('privacy.where.sqlite'),
      what: say('privacy.what.database'),
      howLong: untilErased,
    },
    {
      store: say('privacy.store.records'),
      where: onAws ? say('privacy.where.dynamodb', { region }) : say('privacy.where.dynamodbLocal'),
      what: say('privacy.what.records'),
      howLong: untilErased,
    },
    {
      store: say('privacy.store.photos'),
      where: onAws ? say('privacy.where.s3', { region }) : say('privacy.where.s3Local'),
      what: say('privacy.what.photos'),
      howLong: say('privacy.howLong.photos', { days: days(PHOTO_OLD_VERSION_DAYS) }),
    },
    {
      store: say('privacy.store.search'),
      where:
        env.SEARCH_BACKEND === 'opensearch' ? say('privacy.where.opensearch', { region }) : say('privacy.where.memory'),
      what: say('privacy.what.search'),
      howLong: say('privacy.howLong.search'),
    },
    {
      store: say('privacy.store.workflow'),
      where: onAws ? say('privacy.where.stepFunctions', { region }) : say('privacy.where.database'),
      what: say('privacy.what.workflow'),
      howLong: onAws ? say('privacy.howLong.workflow', { days: days(STEP_FUNCTIONS_HISTORY_DAYS) }) : untilErased,
    },
    {
      store: say('privacy.store.emails'),
      where: onAws ? say('privacy.where.ses', { region }) : say('privacy.where.files'),
      what: say('privacy.what.emails'),
      howLong: onAws ? say('privacy.howLong.ses') : untilErased,
    },
    {
      store: say('privacy.store.backups'),
      where: onAws ? say('privacy.where.backups', { region }) : say('privacy.where.noBackups'),
      what: say('privacy.what.backups'),
      howLong: onAws ? say('privacy.howLong.backups') : say('privacy.howLong.notApplicable'),
    },
  ];
  return { location, faceCheck, retention, stores };
}
