/** The person's answers to the face-check notice (docs/decisions/206-face-check-consent.md), every one, newest first. */
import { listFaceCheckConsents } from '~/models/face-check-consents.server';
import type { ArchiveSection } from './section.server';

/** Far more answers than one person gives; the list is whole in practice, and bounded all the same. */
const ALL_ANSWERS = 10_000;

export const consentSection: ArchiveSection = {
  key: 'faceCheckConsent',
  readme: 'myDataReadme.faceCheckConsent',
  async collect({ platform, employeeId }) {
    const answers = await listFaceCheckConsents(platform.db, employeeId, { limit: ALL_ANSWERS });
    return {
      data: {
        currentNoticeVersion: platform.env.FACE_CHECK_NOTICE_VERSION,
        answers: answers.map((answer) => ({
          choice: answer.choice,
          noticeVersion: answer.noticeVersion,
          where: answer.place,
          at: new Date(answer.recordedAt).toISOString(),
        })),
      },
    };
  },
};
