/**
 * A command run beside the local server finds the server's emulators, and only while they are really there: not
 * from a file left by a server that was killed, nor from one whose ports no longer answer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findRunningEmulators,
  forgetRunningEmulators,
  recordRunningEmulators,
  runningEmulatorsFile,
} from './running-emulators.server';

describe("the running server's emulators, as commands beside it find them", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'running-emulators-'));
  // Stands in for both emulators: any answer counts.
  const server = http.createServer((_request, response) => response.end('ok'));
  let endpoint = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('none before a server recorded them', async () => {
    expect(await findRunningEmulators(dataDir)).toBeNull();
  });

  it('finds the endpoints a live server recorded, and none once it forgot them', async () => {
    await recordRunningEmulators(dataDir, { dynamodbEndpoint: endpoint, s3Endpoint: endpoint });
    expect(await findRunningEmulators(dataDir)).toEqual({ dynamodbEndpoint: endpoint, s3Endpoint: endpoint });
    await forgetRunningEmulators(dataDir);
    expect(fs.existsSync(runningEmulatorsFile(dataDir))).toBe(false);
    expect(await findRunningEmulators(dataDir)).toBeNull();
  });

  it('ignores a file left by a server that was killed (its process is gone)', async () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    await recordRunningEmulators(dataDir, { dynamodbEndpoint: endpoint, s3Endpoint: endpoint }, gone);
    expect(await findRunningEmulators(dataDir)).toBeNull();
  });

  it('ignores endpoints that no longer answer', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadEndpoint = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await recordRunningEmulators(dataDir, { dynamodbEndpoint: endpoint, s3Endpoint: deadEndpoint });
    expect(await findRunningEmulators(dataDir)).toBeNull();
  });

  it('ignores a file that is not what the server writes', async () => {
    fs.writeFileSync(runningEmulatorsFile(dataDir), '{"pid": "nope"');
    expect(await findRunningEmulators(dataDir)).toBeNull();
  });
});
