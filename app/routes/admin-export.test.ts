/** HR's CSV export with the fields HR defines, on SQLite (test-support/http/export-suite.ts). */
import { runExportSuite } from '@test-support/http/export-suite';

runExportSuite('sqlite');
