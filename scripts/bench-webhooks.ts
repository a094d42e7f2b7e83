/**
 * `npm run bench:webhooks`: how many webhook deliveries one process sends per second to a local receiver
 * (docs/decisions/329-signed-webhooks.md). BENCH_EVENTS events (default 2,000 `employee.updated`) are written to the
 * outbox, fanned out by the webhooks subscriber to BENCH_ENDPOINTS endpoints (default 2), and sent, signed, by the
 * primary's delivery loop with its defaults (16 at once, 4 per endpoint) to a receiver in a child process on
 * 127.0.0.1 that answers 200 at once. The database is SQLite (BENCH_DIALECT=mariadb with TEST_MYSQL_URL for
 * MariaDB). Prints the fan-out and delivery rates; the receiver's count must equal the deliveries.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { once } from 'node:events';
import { QueryTypes } from 'sequelize';
import { z } from 'zod';
import { parseEnv } from '~/config/env.server';
import { openDatabase, closeDatabase } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { BUILT_IN_FIELD_DEFINITIONS } from '~/models/field-definitions';
import { recordEvent } from '~/services/domain-events.server';
import { dispatchToSubscriber } from '~/services/event-dispatcher.server';
import { startWebhookDelivery } from '~/services/webhooks/delivery-runner.server';
import { runWebhookAdminAction } from '~/services/webhooks/webhook-admin.server';
import { webhooksSubscriber } from '~/subscribers/webhooks.server';
import { createTestDatabase } from '@test-support/databases';
import { createLogger } from '@shared/logger';

const options = z
  .object({
    BENCH_EVENTS: z.coerce.number().int().min(1).max(100_000).default(2_000),
    BENCH_ENDPOINTS: z.coerce.number().int().min(1).max(20).default(2),
    BENCH_DIALECT: z.enum(['sqlite', 'mariadb']).default('sqlite'),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== '')));

/** The receiver, apart from this process so that it does not share its event loop. */
const RECEIVER = `
const http = require('node:http');
let count = 0;
const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => { count += 1; response.writeHead(200, { 'content-type': 'text/plain' }); response.end('ok'); });
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
process.on('message', () => process.send(count));
`;

async function main() {
  const receiver = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const [portLine] = (await once(receiver.stdout!, 'data')) as [Buffer];
  const port = Number(portLine.toString().trim());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-webhooks-'));
  const database = await createTestDatabase(options.BENCH_DIALECT);
  const db = openDatabase(database.config);
  await migrateDatabase(db.sequelize);
  const platform = {
    db,
    env: parseEnv({ APP_ENV: 'local', NODE_ENV: 'production', DATA_DIR: dataDir }),
    log: createLogger({ level: 'error' }),
    fieldDefinitions: BUILT_IN_FIELD_DEFINITIONS,
    customFields: [],
    customFieldsVersion: -1,
  };
  try {
    for (let index = 0; index < options.BENCH_ENDPOINTS; index += 1) {
      const result = await runWebhookAdminAction(platform, {
        intent: 'register',
        name: `System ${index + 1}`,
        url: `http://127.0.0.1:${port}/hooks/${index + 1}`,
        events: ['employee.updated'],
      });
      if (!result.ok) throw new Error(`could not register: ${JSON.stringify(result.errors)}`);
    }
    for (let index = 0; index < options.BENCH_EVENTS; index += 1) {
      await recordEvent(db, {
        type: 'employee.updated',
        version: 1,
        employeeId: randomUUID(),
        actorId: 'system',
        changedFields: ['jobTitle', 'department'],
      });
    }

    const subscriber = webhooksSubscriber(platform);
    let started = performance.now();
    for (;;) {
      const { delivered } = await dispatchToSubscriber(db, subscriber, { batchSize: 200 });
      if (delivered === 0) break;
    }
    const fanOutSeconds = (performance.now() - started) / 1000;

    const deliveries = options.BENCH_EVENTS * options.BENCH_ENDPOINTS;
    const pending = async () =>
      Number(
        (
          await db.sequelize.query<{ n: number | string }>(
            "SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status = 'pending'",
            { type: QueryTypes.SELECT },
          )
        )[0].n,
      );
    started = performance.now();
    // The primary's own loop, as it runs in production.
    const loop = startWebhookDelivery(platform);
    while ((await pending()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const deliverSeconds = (performance.now() - started) / 1000;
    await loop.stop();
    receiver.send('count');
    const [received] = (await once(receiver, 'message')) as [number];
    const [failed] = await db.sequelize.query<{ n: number | string }>(
      "SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status <> 'delivered'",
      { type: QueryTypes.SELECT },
    );

    console.log(
      `webhooks bench (${options.BENCH_DIALECT}, node ${process.version}, ${os.cpus().length} cores): ` +
        `${options.BENCH_EVENTS} events x ${options.BENCH_ENDPOINTS} endpoints = ${deliveries} deliveries`,
    );
    console.log(
      `  fan-out (subscriber writes the rows): ${fanOutSeconds.toFixed(2)} s, ` +
        `${Math.round(options.BENCH_EVENTS / fanOutSeconds)} events/s, ${Math.round(deliveries / fanOutSeconds)} rows/s`,
    );
    console.log(
      `  delivery (signed POST, claimed and settled): ${deliverSeconds.toFixed(2)} s, ` +
        `${Math.round(deliveries / deliverSeconds)} deliveries/s; receiver got ${received}, not delivered: ${Number(failed.n)}`,
    );
    if (received !== deliveries || Number(failed.n) !== 0) process.exitCode = 1;
  } finally {
    receiver.kill();
    await closeDatabase(db);
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
