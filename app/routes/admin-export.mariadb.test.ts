/**
 * HR's CSV export with the fields HR defines, on MariaDB (test-support/http/export-suite.ts), in its own file because
 * the production bundle holds one platform per process. Needs TEST_MYSQL_URL (test-support/databases.ts).
 */
import { runExportSuite } from '@test-support/http/export-suite';

runExportSuite('mariadb');
