/**
 * The relational databases every model test runs against: SQLite (the embedded default) and MariaDB (what
 * RDS MySQL is to production). The test command (scripts/test-all.sh) starts a throwaway MariaDB and sets
 * TEST_MYSQL_URL; without it the MariaDB cases fail and say how to get one, rather than being skipped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Sequelize } from 'sequelize';
import type { DatabaseConfig } from '~/db/connection.server';

export type TestDialect = 'sqlite' | 'mariadb';
export const TEST_DIALECTS: TestDialect[] = ['sqlite', 'mariadb'];

export const MISSING_MARIADB =
  'TEST_MYSQL_URL is not set: run the tests through `npm test` (scripts/test-all.sh starts a throwaway MariaDB), ' +
  'or start one yourself with `scripts/mariadb-throwaway.sh start` and export the URL it prints.';

export interface TestDatabase {
  config: DatabaseConfig;
  drop(): Promise<void>;
}

/** A fresh, empty database of the given dialect. */
export async function createTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'employees-db-'));
    return {
      config: { sqliteFile: path.join(directory, 'test.sqlite') },
      drop: async () => fs.rmSync(directory, { recursive: true, force: true }),
    };
  }
  const serverUrl = process.env.TEST_MYSQL_URL;
  if (!serverUrl) throw new Error(MISSING_MARIADB);
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new Sequelize(serverUrl, { logging: false, dialect: 'mysql' });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.close();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    config: { url: url.toString(), poolMax: 5 },
    drop: async () => {
      const cleanup = new Sequelize(serverUrl, { logging: false, dialect: 'mysql' });
      await cleanup.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await cleanup.close();
    },
  };
}
