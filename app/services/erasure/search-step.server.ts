/**
 * The search document, and the index's memory of the id (its removal tombstone): `forget`. Run early (the
 * profile leaves the directory's index now) and again by the outbox step, after `employee.deleted` has reached
 * the search-index subscriber, which may have written a tombstone in between.
 */
import type { ErasureStep } from './erasure-step.server';

export const searchStep: ErasureStep = {
  name: 'search',
  async run({ platform, erasure }) {
    await platform.search.forget(erasure.employeeId);
  },
};
