/**
 * The authorisation matrix on MariaDB (what RDS MySQL is to production), in its own file because the production
 * bundle holds one platform per process. Needs TEST_MYSQL_URL, like every MariaDB suite (test-support/databases.ts):
 * the test command starts a throwaway MariaDB and sets it.
 */
import { runMatrix } from '@test-support/http/authorization-matrix';

runMatrix('mariadb');
