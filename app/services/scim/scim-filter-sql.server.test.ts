/** SCIM filters translated to SQL, run on SQLite (the suite: test-support/scim-filter-sql-suite.ts). */
import { describeScimFilterSql } from '@test-support/scim-filter-sql-suite';

describeScimFilterSql('sqlite');
