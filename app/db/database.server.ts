/** A database handle: the Sequelize instance, its models and its dialect, passed to every query function. */
import type { Sequelize } from 'sequelize';
import { createSequelize, dialectOf, type DatabaseConfig, type DatabaseDialect } from './connection.server';
import { defineModels, type Models } from './schema.server';

export interface Database {
  sequelize: Sequelize;
  models: Models;
  dialect: DatabaseDialect;
}

export function openDatabase(config: DatabaseConfig): Database {
  const sequelize = createSequelize(config);
  return { sequelize, models: defineModels(sequelize), dialect: dialectOf(sequelize) };
}

export async function checkDatabase(db: Database): Promise<void> {
  await db.sequelize.query('SELECT 1');
}

export async function closeDatabase(db: Database): Promise<void> {
  await db.sequelize.close();
}
