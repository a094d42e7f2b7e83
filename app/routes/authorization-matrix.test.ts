/**
 * The authorisation matrix on SQLite (the table and the runner: test-support/http/authorization-matrix.ts), and
 * the check that every route file in app/routes/ has a row there.
 */
import { checkMatrixCoversRoutes, runMatrix } from '@test-support/http/authorization-matrix';

checkMatrixCoversRoutes();
runMatrix('sqlite');
