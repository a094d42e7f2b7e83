/** The erasure job and the residue scan on SQLite (the suite: test-support/erasure-suite.ts). */
import { describeErasure } from '@test-support/erasure-suite';

describeErasure('sqlite');
