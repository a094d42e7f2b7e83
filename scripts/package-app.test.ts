/**
 * The app artifact boots on its own: `dist/app.tar.gz` as scripts/package-app.ts builds it, unpacked into an
 * empty folder (no repository, no node_modules around it), started the way the instances' systemd unit starts
 * it (`node server.js migrate`, then `node server.js`) with production settings (`NODE_ENV=production`,
 * `APP_ENV=aws`) pointed at local stand-ins: MariaDB for RDS (password instead of IAM auth, no TLS) and
 * moto's server for DynamoDB, S3 and SNS. `/readyz` must answer 200.
 *
 * MariaDB: the one TEST_MYSQL_URL names (scripts/test-all.sh starts one), or a throwaway started here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metadataTableDefinition } from '@shared/local/metadata-table';
import { packageApp } from './package-app';
import { REPO_ROOT, run, venvTool } from '@test-support/cloudformation/tools';

const REGION = 'us-east-1';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const children: ChildProcess[] = [];
let work: string;
let mariadbDir: string | undefined;
let mysqlUrl: string;
let motoEndpoint: string;
let artifact: { archive: string; bytes: number; key: string };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function start(command: string, args: string[], options: { cwd: string; env: Record<string, string | undefined> }) {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  children.push(child);
  return { child, output: () => output };
}

async function waitFor(
  url: string,
  ok: (status: number) => boolean,
  timeoutMs: number,
  describeFailure: () => string,
): Promise<number> {
  const started = Date.now();
  let last = 0;
  while (Date.now() - started < timeoutMs) {
    try {
      last = (await fetch(url)).status;
      if (ok(last)) return last;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${url} answered ${last || 'nothing'} within ${timeoutMs} ms\n${describeFailure()}`);
}

beforeAll(async () => {
  const python = venvTool('python');
  work = mkdtempSync(join(tmpdir(), 'app-artifact-'));

  // The artifact, from the current build (scripts/test-all.sh builds first; build here if there is none).
  artifact = packageApp({ out: join(work, 'app.tar.gz'), skipBuild: existsSync(join(REPO_ROOT, 'build', 'index.js')) });

  // MariaDB standing in for RDS.
  if (process.env.TEST_MYSQL_URL) {
    mysqlUrl = process.env.TEST_MYSQL_URL;
  } else {
    mariadbDir = join(work, 'mariadb');
    const started = await run('bash', [join(REPO_ROOT, 'scripts', 'mariadb-throwaway.sh'), 'start', mariadbDir], {
      timeoutMs: 60_000,
    });
    if (started.code !== 0)
      throw new Error(`MariaDB did not start (apt-get install -y mariadb-server):\n${started.stderr}`);
    mysqlUrl = started.stdout.trim().replace(/^TEST_MYSQL_URL=/, '');
  }
  const database = `artifact_${process.pid}`;
  const url = new URL(mysqlUrl);
  const created = await run('mariadb', [
    '--no-defaults',
    '-h',
    url.hostname,
    '-P',
    url.port,
    '-u',
    decodeURIComponent(url.username),
    '-e',
    `CREATE DATABASE IF NOT EXISTS ${database} CHARACTER SET utf8mb4`,
  ]);
  expect(created.code, created.stderr).toBe(0);
  url.pathname = `/${database}`;
  mysqlUrl = url.toString();

  // moto standing in for DynamoDB, S3 and SNS.
  const motoPort = await freePort();
  motoEndpoint = `http://127.0.0.1:${motoPort}`;
  const moto = start(
    python,
    [join(REPO_ROOT, 'test-support', 'cloudformation', 'moto_server.py'), '-H', '127.0.0.1', '-p', String(motoPort)],
    { cwd: work, env: { PATH: process.env.PATH } },
  );
  await waitFor(`${motoEndpoint}/moto-api/`, (status) => status === 200, 30_000, moto.output);
}, 300_000);

afterAll(async () => {
  for (const child of children) {
    try {
      if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  if (mariadbDir) await run('bash', [join(REPO_ROOT, 'scripts', 'mariadb-throwaway.sh'), 'stop', mariadbDir]);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('app artifact', () => {
  it('is a self-contained archive under a content-addressed key', () => {
    expect(artifact.key).toMatch(/^app\/[0-9a-f]{20}\.tar\.gz$/);
    expect(statSync(artifact.archive).size).toBe(artifact.bytes);
  });

  it('unpacked into an empty folder, migrates and answers /readyz 200 with production settings', async () => {
    const appDir = join(work, 'release');
    mkdirSync(appDir);
    const untar = await run('tar', ['-xzf', artifact.archive, '-C', appDir]);
    expect(untar.code, untar.stderr).toBe(0);

    const aws = { region: REGION, endpoint: motoEndpoint, credentials };
    const table = `employees-artifact-${process.pid}`;
    await new DynamoDBClient(aws).send(new CreateTableCommand(metadataTableDefinition(table)));
    const bucket = `employees-artifact-${process.pid}`;
    await new S3Client({ ...aws, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: bucket }));
    const topic = await new SNSClient(aws).send(new CreateTopicCommand({ Name: `employees-artifact-${process.pid}` }));

    const port = await freePort();
    // What the user data writes, with the stand-ins' addresses; nothing from this repository's environment.
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      APP_ENV: 'aws',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: mysqlUrl,
      DATABASE_IAM_AUTH: 'false',
      DATABASE_TLS: 'false',
      AWS_REGION: REGION,
      DYNAMODB_TABLE: table,
      PHOTO_BUCKET: bucket,
      NOTIFICATIONS_TOPIC_ARN: topic.TopicArn,
      ALLOWED_EMAIL_DOMAINS: 'xyz.example',
      PHOTO_MAX_BYTES: '5242880',
      DATA_DIR: join(work, 'data'),
      SEED_DEMO_DATA: 'false',
      WEB_CONCURRENCY: '1',
      DYNAMODB_ENDPOINT: motoEndpoint,
      S3_ENDPOINT: motoEndpoint,
      SNS_ENDPOINT: motoEndpoint,
      MAIL_FROM_ADDRESS: 'no-reply@xyz.example',
      SES_ENDPOINT: motoEndpoint,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
    };

    const migrate = await run(process.execPath, ['server.js', 'migrate'], { cwd: appDir, env, timeoutMs: 120_000 });
    expect(migrate.code, migrate.stdout + migrate.stderr).toBe(0);

    const server = start(process.execPath, ['server.js'], { cwd: appDir, env });
    expect(await waitFor(`http://127.0.0.1:${port}/healthz`, (status) => status === 200, 60_000, server.output)).toBe(
      200,
    );
    const ready = await waitFor(`http://127.0.0.1:${port}/readyz`, (status) => status === 200, 30_000, server.output);
    expect(ready).toBe(200);
  }, 180_000);
});
