/**
 * The field matrix on SQLite (the table and the runner: test-support/http/field-matrix.ts): every field × reader
 * kind × reader surface, and the checks that every defined field and every route file has its entries.
 */
import { checkMatrixCoversFieldsAndSurfaces, runFieldMatrix } from '@test-support/http/field-matrix';

checkMatrixCoversFieldsAndSurfaces();
runFieldMatrix('sqlite');
