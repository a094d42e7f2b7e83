/**
 * Sign-in through the identity provider on MariaDB, in its own file because the production bundle holds one
 * platform per process. Needs TEST_MYSQL_URL, like every MariaDB suite (the test command starts one).
 */
import { runSignInSuite } from '@test-support/oidc/sign-in-suite';

runSignInSuite('mariadb');
