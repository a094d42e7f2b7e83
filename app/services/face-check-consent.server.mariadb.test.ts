/**
 * Consent to the face check on MariaDB (the suite: test-support/face-check-consent-suite.ts). Needs TEST_MYSQL_URL,
 * like every MariaDB suite (the test command starts one).
 */
import { runFaceCheckConsentSuite } from '@test-support/face-check-consent-suite';

runFaceCheckConsentSuite('mariadb');
