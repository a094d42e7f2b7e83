/**
 * The relational database: MySQL/MariaDB through mysql2 when DATABASE_URL is set, otherwise a SQLite file
 * under DATA_DIR. On RDS, IAM database authentication signs every new connection with a fresh token from the
 * instance profile (tokens live 15 minutes; pooled connections outlive them, which RDS allows).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Sequelize, type Options } from 'sequelize';
import type { Env } from '~/config/env.server';

export type DatabaseDialect = 'mysql' | 'sqlite';

export interface DatabaseConfig {
  url?: string;
  sqliteFile?: string;
  iamAuth?: boolean;
  tls?: boolean;
  caFile?: string;
  region?: string;
  poolMax?: number;
  logging?: (sql: string) => void;
}

export function databaseConfigFromEnv(env: Env): DatabaseConfig {
  return {
    url: env.DATABASE_URL,
    sqliteFile: path.join(env.dataDir, 'employees.sqlite'),
    iamAuth: env.DATABASE_IAM_AUTH,
    tls: env.DATABASE_TLS,
    caFile: env.DATABASE_CA_FILE,
    region: env.AWS_REGION,
    poolMax: env.DATABASE_POOL_MAX,
  };
}

export function createSequelize(config: DatabaseConfig): Sequelize {
  const common: Options = {
    logging: config.logging ?? false,
    define: { underscored: true },
    pool: { max: config.poolMax ?? 10, min: 0, idle: 10_000, acquire: 30_000 },
  };
  if (!config.url) {
    const file = config.sqliteFile ?? ':memory:';
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    return new Sequelize({
      ...common,
      dialect: 'sqlite',
      storage: file,
      // One writer at a time in SQLite: the workers of one machine share the file, so wait for the lock.
      hooks: {
        afterConnect: async (connection: unknown) => {
          const db = connection as { configure(option: 'busyTimeout', ms: number): void };
          db.configure('busyTimeout', 10_000);
        },
      },
    });
  }
  const url = new URL(config.url);
  const ssl = config.tls
    ? { rejectUnauthorized: true, ...(config.caFile ? { ca: fs.readFileSync(config.caFile, 'utf8') } : {}) }
    : undefined;
  const sequelize = new Sequelize({
    ...common,
    dialect: 'mysql',
    host: url.hostname,
    port: Number(url.port || 3306),
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password) || undefined,
    database: url.pathname.replace(/^\//, ''),
    dialectOptions: {
      charset: 'utf8mb4',
      ...(ssl ? { ssl } : {}),
    },
    timezone: '+00:00',
  });
  if (config.iamAuth) {
    // RDS IAM tokens travel as the password through mysql2's built-in mysql_clear_password plugin, which is why
    // DATABASE_TLS must be on alongside; the token is signed per new connection.
    sequelize.addHook('beforeConnect', async (connectionConfig) => {
      const { Signer } = await import('@aws-sdk/rds-signer');
      const signer = new Signer({
        hostname: url.hostname,
        port: Number(url.port || 3306),
        username: decodeURIComponent(url.username),
        region: config.region,
      });
      (connectionConfig as { password?: string }).password = await signer.getAuthToken();
    });
  }
  return sequelize;
}

export function dialectOf(sequelize: Sequelize): DatabaseDialect {
  return sequelize.getDialect() === 'mysql' || sequelize.getDialect() === 'mariadb' ? 'mysql' : 'sqlite';
}
