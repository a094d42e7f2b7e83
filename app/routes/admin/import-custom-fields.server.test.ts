/** The CSV import's columns for the fields HR defines, on SQLite (the suite: test-support/import-custom-fields-suite.ts). */
import { runImportCustomFieldsSuite } from '@test-support/import-custom-fields-suite';

runImportCustomFieldsSuite('sqlite');
