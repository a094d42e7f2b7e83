/**
 * DynamoDB: everything in the person's partition (extras, their activity log, any photo record the photos step
 * left: none normally), then the entries they wrote in other people's logs keep their place and action but name
 * "a former employee" as the actor.
 */
import { metadataTable } from '@shared/metadata-table';
import { anonymiseEntryActor, deleteItem, listEmployeeItemKeys, listEntriesWrittenBy } from '~/models/metadata.server';
import type { ErasureStep } from './erasure-step.server';

export const metadataStep: ErasureStep = {
  name: 'metadata',
  async run({ platform, erasure }) {
    const store = metadataTable(platform);
    for (const key of await listEmployeeItemKeys(store, erasure.employeeId)) await deleteItem(store, key);
    for (const key of await listEntriesWrittenBy(store, erasure.employeeId)) {
      await anonymiseEntryActor(store, key, erasure.employeeId);
    }
  },
};
