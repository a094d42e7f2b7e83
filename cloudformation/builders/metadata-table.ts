/**
 * The DynamoDB metadata table of the core platform (functions/shared/contracts/dynamo-keys.ts): pk/sk and the sparse
 * `byState` index. On-demand, point-in-time recovery, encrypted with the stack key, retained on deletion.
 * Key names are repeated here, not imported, because cloudformation/ never imports app/; a unit test
 * compares them with the contract.
 */
import { DynamoDB } from 'cloudform-types';
import type { Fragment } from '../lib/fragment.js';
import { keepOnDelete } from '../lib/fragment.js';
import { ID } from '../ids.js';
import { dataKeyArn } from './encryption.js';

export const TABLE_KEYS = { partition: 'pk', sort: 'sk' } as const;
export const STATE_INDEX = { name: 'byState', partition: 'gsi1pk', sort: 'gsi1sk' } as const;

export function metadataTable(): Fragment {
  const table = new DynamoDB.Table({
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [TABLE_KEYS.partition, TABLE_KEYS.sort, STATE_INDEX.partition, STATE_INDEX.sort].map(
      (AttributeName) => ({
        AttributeName,
        AttributeType: 'S',
      }),
    ),
    KeySchema: [
      { AttributeName: TABLE_KEYS.partition, KeyType: 'HASH' },
      { AttributeName: TABLE_KEYS.sort, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: STATE_INDEX.name,
        KeySchema: [
          { AttributeName: STATE_INDEX.partition, KeyType: 'HASH' },
          { AttributeName: STATE_INDEX.sort, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: dataKeyArn() },
    DeletionProtectionEnabled: true,
  });
  return { Resources: { [ID.MetadataTable]: keepOnDelete(table, 'Retain') } };
}
