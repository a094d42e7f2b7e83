/**
 * The table the emulators get and the table CloudFormation creates must agree on keys and index, or code
 * that passes locally would fail on AWS.
 */
import { describe, expect, it } from 'vitest';
import { metadataTable } from '../builders/metadata-table';
import { metadataTableDefinition } from '@shared/local/metadata-table';

describe('the metadata table', () => {
  it('has the same keys, attribute types and index locally as in the CloudFormation template', () => {
    const local = metadataTableDefinition('any');
    const fragment = JSON.parse(JSON.stringify(metadataTable())) as Record<
      string,
      { Type: string; Properties: Record<string, unknown> }
    >;
    const table = Object.values((fragment as { Resources?: typeof fragment }).Resources ?? {}).find(
      (resource) => resource?.Type === 'AWS::DynamoDB::Table',
    );
    expect(table, 'a DynamoDB table in the fragment').toBeTruthy();
    const sortBy = <T extends { AttributeName: string }>(items: T[]) =>
      [...items].sort((a, b) => a.AttributeName.localeCompare(b.AttributeName));
    expect(sortBy(table!.Properties.AttributeDefinitions as never)).toEqual(
      sortBy(local.AttributeDefinitions as never),
    );
    expect(table!.Properties.KeySchema).toEqual(local.KeySchema);
    expect(table!.Properties.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes);
    expect(table!.Properties.BillingMode).toBe(local.BillingMode);
  });
});
