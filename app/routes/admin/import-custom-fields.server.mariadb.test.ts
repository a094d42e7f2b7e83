/**
 * The CSV import's columns for the fields HR defines, on MariaDB (the suite: test-support/import-custom-fields-suite.ts).
 * Needs TEST_MYSQL_URL, like every MariaDB suite (the test command starts one).
 */
import { runImportCustomFieldsSuite } from '@test-support/import-custom-fields-suite';

runImportCustomFieldsSuite('mariadb');
