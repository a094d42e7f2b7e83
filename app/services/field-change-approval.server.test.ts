/** HR's approval of changes to fields HR defines, on SQLite (the suite: test-support/field-change-approval-suite.ts). */
import { runFieldChangeApprovalSuite } from '@test-support/field-change-approval-suite';

runFieldChangeApprovalSuite('sqlite');
