/** The SQL directory's order of names and accent-free search on MariaDB (the suite: test-support/directory-order-suite.ts). */
import { describeDirectoryOrder } from '@test-support/directory-order-suite';

describeDirectoryOrder('mariadb');
