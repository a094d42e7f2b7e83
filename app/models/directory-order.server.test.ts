/** The SQL directory's order of names and accent-free search on SQLite (the suite: test-support/directory-order-suite.ts). */
import { describeDirectoryOrder, describeNameOrderMigration } from '@test-support/directory-order-suite';

describeDirectoryOrder('sqlite');
describeNameOrderMigration('sqlite');
