/**
 * The embedded stand-ins for DynamoDB and S3: dynalite and s3rver, in this process, on disk under DATA_DIR,
 * on loopback ports. They are only ever imported in local mode and in tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { installRedeliveryDoor, type S3rverForRedelivery } from './s3rver-redelivery';

export interface S3rverObjectEvent {
  Records: Array<{ eventName: string; s3: { bucket: { name: string }; object: { key: string; size?: number } } }>;
}

export interface Emulators {
  dynamodbEndpoint: string;
  s3Endpoint: string;
  /** Subscribes to object-created events of the S3 emulator (the local stand-in for the S3 -> Lambda trigger). */
  onS3Event(listener: (event: S3rverObjectEvent) => void): void;
  stop(): Promise<void>;
}

export interface EmulatorOptions {
  /** Where dynalite and s3rver keep their data; omit for in-memory (tests). */
  directory?: string;
  buckets: string[];
  dynamodbPort?: number;
  s3Port?: number;
}

export async function startEmulators(options: EmulatorOptions): Promise<Emulators> {
  const dynamo = await startDynamoDbEmulator({ directory: options.directory, port: options.dynamodbPort });
  const s3 = await startS3Emulator({ directory: options.directory, port: options.s3Port, buckets: options.buckets });
  return {
    dynamodbEndpoint: dynamo.endpoint,
    s3Endpoint: s3.endpoint,
    onS3Event: (listener) => s3.onS3Event(listener),
    async stop() {
      await s3.stop();
      await dynamo.stop();
    },
  };
}

export interface DynamoDbEmulator {
  endpoint: string;
  stop(): Promise<void>;
}

/** dynalite alone, on disk under `<directory>/dynamodb` (or in memory): also the body of a separate emulator process. */
export async function startDynamoDbEmulator(options: { directory?: string; port?: number }): Promise<DynamoDbEmulator> {
  const { default: dynalite } = (await import('dynalite')) as unknown as {
    default: (options: Record<string, unknown>) => Server;
  };
  const dynamoDir = options.directory ? path.join(options.directory, 'dynamodb') : undefined;
  if (dynamoDir) fs.mkdirSync(dynamoDir, { recursive: true });
  const dynamo = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(dynamoDir ? { path: dynamoDir } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    dynamo.once('error', reject);
    dynamo.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  return {
    endpoint: `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => dynamo.close(() => resolve())),
  };
}

export interface S3Emulator {
  endpoint: string;
  onS3Event(listener: (event: S3rverObjectEvent) => void): void;
  stop(): Promise<void>;
}

/** s3rver alone, on disk under `<directory>/s3` (or a temporary directory): also the body of a separate emulator process. */
export async function startS3Emulator(options: {
  directory?: string;
  port?: number;
  buckets: string[];
}): Promise<S3Emulator> {
  const { default: S3rver } = (await import('s3rver')) as unknown as {
    default: new (options: Record<string, unknown>) => S3rverInstance;
  };
  const s3Dir = options.directory ? path.join(options.directory, 's3') : fs.mkdtempSync('/tmp/s3rver-');
  fs.mkdirSync(s3Dir, { recursive: true });
  const s3 = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory: s3Dir,
    configureBuckets: options.buckets.map((name) => ({ name })),
    resetOnClose: !options.directory,
  });
  installRedeliveryDoor(s3);
  const address = await s3.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    onS3Event(listener) {
      s3.on('event', listener);
    },
    async stop() {
      await s3.close();
      if (!options.directory) fs.rmSync(s3Dir, { recursive: true, force: true });
    },
  };
}

interface S3rverInstance extends S3rverForRedelivery {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  on(event: 'event', listener: (event: S3rverObjectEvent) => void): void;
}
