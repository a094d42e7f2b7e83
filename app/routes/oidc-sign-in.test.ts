/** Sign-in through the identity provider on SQLite (the suite: test-support/oidc/sign-in-suite.ts). */
import { runSignInSuite } from '@test-support/oidc/sign-in-suite';

runSignInSuite('sqlite');
