/**
 * What an unreachable store really throws (a closed loopback port: connection refused) is recognised, so a join
 * answers "try again in a minute" (503) instead of a server error; a wrong query or a bug is not.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient, createS3Client } from '@shared/aws-clients';
import { closeDatabase, openDatabase } from '~/db/database.server';
import { isStoreUnavailable } from './store-unavailable.server';

async function closedPort(): Promise<number> {
  const server = http.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function thrownBy(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('isStoreUnavailable', () => {
  it('recognises a refused MySQL connection (Sequelize), a refused DynamoDB call and a refused S3 call', async () => {
    const port = await closedPort();
    const db = openDatabase({ url: `mysql://root@127.0.0.1:${port}/employees` });
    const dynamo = createDocumentClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}` });
    const s3 = createS3Client({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}` });
    try {
      expect(isStoreUnavailable(await thrownBy(db.sequelize.query('SELECT 1')))).toBe(true);
      expect(isStoreUnavailable(await thrownBy(dynamo.send(new DescribeTableCommand({ TableName: 'missing' }))))).toBe(
        true,
      );
      expect(isStoreUnavailable(await thrownBy(s3.send(new HeadBucketCommand({ Bucket: 'missing-bucket' }))))).toBe(
        true,
      );
    } finally {
      await closeDatabase(db);
      dynamo.destroy();
      s3.destroy();
    }
  }, 30_000);

  it('does not excuse a bad query, a validation failure or a plain bug', async () => {
    const db = openDatabase({ sqliteFile: ':memory:' });
    try {
      expect(isStoreUnavailable(await thrownBy(db.sequelize.query('SELECT * FROM no_such_table')))).toBe(false);
    } finally {
      await closeDatabase(db);
    }
    expect(isStoreUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isStoreUnavailable('ECONNREFUSED')).toBe(false);
  });
});
