/**
 * HR's approval of changes to fields HR defines, on MariaDB (the suite: test-support/field-change-approval-suite.ts).
 * Needs TEST_MYSQL_URL, like every MariaDB suite (the test command starts one).
 */
import { runFieldChangeApprovalSuite } from '@test-support/field-change-approval-suite';

runFieldChangeApprovalSuite('mariadb');
