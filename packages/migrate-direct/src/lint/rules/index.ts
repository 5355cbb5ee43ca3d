/** Every statement rule, in report order; syntax-error is appended for the docs registry. */
import type { Rule } from '../types.ts';
import { addForeignKeyWithoutNotValid } from './add-foreign-key-without-not-valid.ts';
import { concurrentlyInTransaction } from './concurrently-in-transaction.ts';
import { deleteWithoutWhere } from './delete-without-where.ts';
import { dropColumn } from './drop-column.ts';
import { dropDatabase } from './drop-database.ts';
import { dropSchema } from './drop-schema.ts';
import { dropTable } from './drop-table.ts';
import { indexWithoutConcurrently } from './index-without-concurrently.ts';
import { renameColumn } from './rename-column.ts';
import { renameTable } from './rename-table.ts';
import { setNotNullWithoutCheck } from './set-not-null-without-check.ts';
import { truncate } from './truncate.ts';
import { typeNarrowing } from './type-narrowing.ts';
import { updateWithoutWhere } from './update-without-where.ts';
import { volatileDefault } from './volatile-default.ts';

export { syntaxError } from './syntax-error.ts';

export const statementRules: readonly Rule[] = [
  dropTable,
  dropColumn,
  truncate,
  deleteWithoutWhere,
  updateWithoutWhere,
  typeNarrowing,
  dropSchema,
  dropDatabase,
  indexWithoutConcurrently,
  setNotNullWithoutCheck,
  volatileDefault,
  addForeignKeyWithoutNotValid,
  renameColumn,
  renameTable,
  concurrentlyInTransaction,
];
