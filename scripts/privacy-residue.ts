/**
 * `npm run privacy:residue -- <employee id> [options]`: searches every store for one person and prints each place
 * they still appear (app/services/residue-scan.server.ts). Exit code 1 when anything is found, 0 when nothing is
 * (the erasures tombstone is expected and not counted), 2 on a usage error.
 *
 * While the employee row exists, their identifiers (addresses, names, employee number, phones, face references)
 * are read from it and their records. After an erasure the row is gone and only the id is known: pass what you
 * know with the options (each may be repeated); they are added to whatever the row gives.
 *
 *   --email=ADDRESS          an email address (work, personal, an identity provider's)
 *   --name="FIRST LAST"      a whole name (searched as written, any case)
 *   --employee-number=E0001  the employee number
 *   --phone=NUMBER           a phone number, as it was stored
 *   --face-ref=ID            a Rekognition face id (or the start of a local descriptor)
 *
 * With SEARCH_BACKEND=embedded it reads the index the server keeps in DATA_DIR (search-index.sqlite, read only,
 * beside a running server too: docs/decisions/029-embedded-index-on-disk.md); with no such file, it builds its own
 * from the database, as the server does at first start, and checks that. With OpenSearch it checks the live index. The test suite runs the same scan in-process against both.
 *
 * Locally it reads the stores of the server running on the same DATA_DIR (app/local/running-emulators.server.ts),
 * or, with no server running, starts the emulators over their files itself.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { getEnv, EnvError, type Env } from '~/config/env.server';
import { findRunningEmulators } from '~/local/running-emulators.server';
import { createPlatform, closePlatform, type Platform } from '~/platform.server';
import { identifiersOf, readPersonIdentifiers } from '~/services/erasure/person-identifiers.server';
import { formatResidueReport, scanForResidue } from '~/services/residue-scan.server';
import { rebuildSearchIndex } from '~/services/search-reindex.server';
import { searchIndexFile } from '~/search/create-search-index.server';
import { EmbeddedSearchIndex } from '~/search/embedded-search-index.server';

const OPTIONS = {
  '--email': 'emails',
  '--name': 'names',
  '--employee-number': 'employeeNumber',
  '--phone': 'phones',
  '--face-ref': 'faceReferences',
} as const;

const argsSchema = z.object({
  employeeId: z.string().uuid({ message: 'the first argument must be the employee id (a UUID)' }),
  emails: z.array(z.string().email()),
  names: z.array(z.string().min(3)),
  employeeNumber: z.string().min(1).optional(),
  phones: z.array(z.string().min(3)),
  faceReferences: z.array(z.string().min(3)),
});

function parseArgs(argv: string[]) {
  const collected: Record<string, unknown> = { emails: [], names: [], phones: [], faceReferences: [] };
  for (const arg of argv) {
    const match = /^(--[a-z-]+)=(.*)$/s.exec(arg);
    if (!match) {
      if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
      collected.employeeId = arg;
      continue;
    }
    const field = OPTIONS[match[1] as keyof typeof OPTIONS];
    if (!field) throw new Error(`unknown option ${match[1]}`);
    if (field === 'employeeNumber') collected.employeeNumber = match[2];
    else (collected[field] as string[]).push(match[2]!);
  }
  return argsSchema.parse(collected);
}

/**
 * Locally: the emulators of the server running on this DATA_DIR, if one is (their files are locked while it runs,
 * and what it holds is what is to be scanned); otherwise ones started here over the same files.
 */
async function localPlatform(env: Env): Promise<Platform> {
  const running = await findRunningEmulators(env.dataDir);
  if (running) {
    console.log('stores: the emulators of the server running on this DATA_DIR');
    return createPlatform({ ...env, DYNAMODB_ENDPOINT: running.dynamodbEndpoint, S3_ENDPOINT: running.s3Endpoint });
  }
  const { startLocalServices } = await import('~/local/local-services.server');
  const local = await startLocalServices(env, { photoTrigger: false });
  return createPlatform(local.env, { ownEmulators: local.emulators });
}

let args: z.infer<typeof argsSchema>;
try {
  args = parseArgs(process.argv.slice(2));
} catch (error) {
  console.error(
    error instanceof z.ZodError ? error.issues.map((issue) => issue.message).join('; ') : (error as Error).message,
  );
  console.error(
    'usage: npm run privacy:residue -- <employee id> [--email=..] [--name=".."] [--employee-number=..] [--phone=..] [--face-ref=..]',
  );
  process.exit(2);
}

try {
  const env = getEnv();
  let platform =
    env.APP_ENV === 'local' && (!env.DYNAMODB_ENDPOINT || !env.S3_ENDPOINT)
      ? await localPlatform(env)
      : createPlatform(env);
  try {
    if (env.SEARCH_BACKEND === 'embedded' && fs.existsSync(searchIndexFile(env.dataDir))) {
      await platform.search.close();
      platform = {
        ...platform,
        search: new EmbeddedSearchIndex({ file: searchIndexFile(env.dataDir), readOnly: true }),
      };
      console.log('search index: the embedded index the server keeps in DATA_DIR, read as it is');
    } else if (env.SEARCH_BACKEND === 'embedded') {
      await rebuildSearchIndex(platform);
      console.log('search index: the embedded index, built here from the database as the server builds it');
    }
    const fromRow = await readPersonIdentifiers(platform, args.employeeId);
    console.log(
      fromRow
        ? 'identifiers: read from the employee row (and the options)'
        : 'identifiers: the row is gone; the id and the options',
    );
    const person = identifiersOf({
      employeeId: args.employeeId,
      emails: [...(fromRow?.emails ?? []), ...args.emails],
      names: [...(fromRow?.names ?? []), ...args.names],
      employeeNumber: args.employeeNumber ?? fromRow?.employeeNumber ?? null,
      phones: [...(fromRow?.phones ?? []), ...args.phones],
      faceReferences: [...(fromRow?.faceReferences ?? []), ...args.faceReferences],
    });
    const report = await scanForResidue(platform, person);
    console.log(formatResidueReport(person, report));
    process.exitCode = report.hits.length > 0 ? 1 : 0;
  } finally {
    await closePlatform(platform);
  }
} catch (error) {
  console.error(error instanceof EnvError || error instanceof Error ? error.message : error);
  process.exit(2);
}
