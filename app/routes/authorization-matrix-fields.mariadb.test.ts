/**
 * The field matrix on MariaDB (what RDS MySQL is to production; the manager chain is a recursive query), in its
 * own file because the production bundle holds one platform per process. Needs TEST_MYSQL_URL
 * (test-support/databases.ts).
 */
import { runFieldMatrix } from '@test-support/http/field-matrix';

runFieldMatrix('mariadb');
