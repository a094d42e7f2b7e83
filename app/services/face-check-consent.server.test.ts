/** Consent to the face check on SQLite (the suite: test-support/face-check-consent-suite.ts). */
import { runFaceCheckConsentSuite } from '@test-support/face-check-consent-suite';

runFaceCheckConsentSuite('sqlite');
