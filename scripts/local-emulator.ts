/**
 * `npm run emulator -- dynamodb|s3`: one local emulator as its own process (app/local/emulator-process.server.ts).
 * It reads the server's own environment (DATA_DIR, DYNAMODB_ENDPOINT, S3_ENDPOINT, DYNAMODB_TABLE, PHOTO_BUCKET),
 * listens on the port of its endpoint, prints one JSON line when it answers, and stops on SIGTERM or SIGINT.
 */
import { z } from 'zod';
import { EnvError, getEnv } from '~/config/env.server';
import { runEmulatorProcess } from '~/local/emulator-process.server';

const kind = z.enum(['dynamodb', 's3']).safeParse(process.argv[2]);
if (!kind.success) {
  console.error('usage: tsx scripts/local-emulator.ts dynamodb|s3');
  process.exit(2);
}
let env;
try {
  env = getEnv();
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
const emulator = await runEmulatorProcess(kind.data, env);
console.log(
  JSON.stringify({ message: 'emulator ready', kind: kind.data, endpoint: emulator.endpoint, pid: process.pid }),
);
const stop = () => {
  void emulator.stop().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
