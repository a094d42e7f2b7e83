/** The erasure job and the residue scan on MariaDB (the suite: test-support/erasure-suite.ts). */
import { describeErasure } from '@test-support/erasure-suite';

describeErasure('mariadb');
