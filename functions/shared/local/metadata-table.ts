/**
 * Creates the metadata table in the DynamoDB emulator with the same keys and index as the CloudFormation
 * template (cloudformation/ builds the real one; a test checks the two agree).
 */
import {
  CreateTableCommand,
  DynamoDBClient,
  DescribeTableCommand,
  ResourceNotFoundException,
  waitUntilTableExists,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { STATE_INDEX, TABLE_KEY } from '../contracts/dynamo-keys';

export function metadataTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: TABLE_KEY.partition, AttributeType: 'S' },
      { AttributeName: TABLE_KEY.sort, AttributeType: 'S' },
      { AttributeName: STATE_INDEX.partition, AttributeType: 'S' },
      { AttributeName: STATE_INDEX.sort, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: TABLE_KEY.partition, KeyType: 'HASH' },
      { AttributeName: TABLE_KEY.sort, KeyType: 'RANGE' },
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
  };
}

/** Creates the table in an emulator unless it is there (the local runtime's data survives restarts). */
export async function ensureLocalMetadataTable(options: {
  region: string;
  endpoint: string;
  tableName: string;
}): Promise<void> {
  const client = new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await ensureMetadataTable(client, options.tableName);
  } finally {
    client.destroy();
  }
}

async function ensureMetadataTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException) && (error as Error).name !== 'ResourceNotFoundException')
      throw error;
  }
  await client.send(new CreateTableCommand(metadataTableDefinition(tableName)));
  await waitUntilTableExists({ client, maxWaitTime: 10, minDelay: 1 }, { TableName: tableName });
}
