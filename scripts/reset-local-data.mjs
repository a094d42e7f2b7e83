// `npm run reset`: deletes the local runtime's data (SQLite file, DynamoDB and S3 emulator data) under
// DATA_DIR (default .data). The next `npm start` migrates and seeds the demo data again.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const { DATA_DIR } = z.object({ DATA_DIR: z.string().min(1).default('.data') }).parse(process.env);
const target = path.resolve(DATA_DIR);
if (target === path.parse(target).root || target === process.cwd()) {
  console.error(`Refusing to delete ${target}: DATA_DIR must be a folder of its own`);
  process.exit(1);
}
fs.rmSync(target, { recursive: true, force: true });
console.log(`Removed ${target}. Stop the server first if it is running; \`npm start\` seeds fresh demo data.`);
