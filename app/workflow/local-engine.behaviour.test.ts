/**
 * The in-process engine against the same behaviour suite as Step Functions in moto
 * (test-support/verification-engine-suite.ts): the same definition and the same paths, with the app's part scripted.
 * Each case gets a fresh SQLite database (the engine's memory and channel, decision 011).
 */
import { silentLogger } from '@shared/logger';
import { createTestDatabase } from '@test-support/databases';
import { closeDatabase, openDatabase } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { LocalVerificationEngine } from './local-engine.server';
import { describeVerificationEngineBehaviour } from '@test-support/verification-engine-suite';

describeVerificationEngineBehaviour('the in-process engine', {
  timeoutMs: 30_000,
  async create(handle) {
    const testDb = await createTestDatabase('sqlite');
    const db = openDatabase(testDb.config);
    await migrateDatabase(db.sequelize);
    const engine = new LocalVerificationEngine({ db, log: silentLogger, runsExecutions: true, pollIntervalMs: 50 });
    engine.serveTasks(handle);
    return {
      engine,
      async stop() {
        await engine.close();
        await closeDatabase(db);
        await testDb.drop();
      },
    };
  },
});
