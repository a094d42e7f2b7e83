/**
 * A field HR defines as a facet in the directory (docs/decisions/324-search-index-holds-everyone-fields.md): counted
 * and filtered like the built-in facets, labelled by the field, its values on the cards; and once HR makes it
 * HR-only, the running server's search-index subscriber takes it out of the index, so the page neither offers it
 * nor finds anyone by it. The definition and values are written as the services write them (row and event).
 *
 * The picture (docs/screenshots/custom-fields/directory-facet.png) is taken when asked:
 *   README_PICTURES=1 npx playwright test e2e/search-custom-facets.spec.ts
 */
import { QueryTypes } from 'sequelize';
import { FIELD_DEFINITIONS_STREAM, type FieldDefinitionAspect } from '@shared/contracts/employee-events';
import type { Transaction } from 'sequelize';
import {
  insertCustomFieldDefinition,
  updateCustomFieldDefinition,
  type DefinitionWriteOptions,
} from '~/models/custom-field-store.server';
import { recordEvent } from '~/services/domain-events.server';
import { SUBSCRIPTIONS } from '~/services/subscriptions';
import { e2eDatabase, expect, test, waitForSearchIndex } from './fixtures';
import { randomLetters } from './names';
import { saveReadmePicture } from './readme-pictures';

const KEY = 'desk_zone';
const onlyTheIndex = { subscriptions: { 'search-index': SUBSCRIPTIONS['search-index'] } };

/** The store's write with the event the admin service records in its transaction; waits for the index to take it. */
async function changeDefinition(
  changed: FieldDefinitionAspect[],
  write: (options: DefinitionWriteOptions) => Promise<unknown>,
) {
  const db = e2eDatabase();
  const ids: string[] = [];
  await write({
    onWrite: async (transaction: Transaction) => {
      const event = await recordEvent(
        db,
        {
          type: 'field-definitions.changed',
          version: 1,
          employeeId: FIELD_DEFINITIONS_STREAM,
          actorId: 'system',
          keys: [KEY],
          changed,
        },
        { transaction, ...onlyTheIndex },
      );
      ids.push(event.eventId);
    },
  });
  await waitForSearchIndex(ids);
}

test.afterAll(async () => {
  // Retired (and so out of the index), so the suites that follow see the directory as before.
  await changeDefinition(['retired'], (options) =>
    updateCustomFieldDefinition(e2eDatabase(), KEY, (field) => ({ ...field, retired: true }), options),
  );
});

test("HR's facet field is counted, filtered and shown on the cards, and leaves the directory once HR-only", async ({
  employeePage: page,
  makeEmployee,
}) => {
  const db = e2eDatabase();
  await changeDefinition(['added'], (options) =>
    insertCustomFieldDefinition(
      db,
      {
        key: KEY,
        label: 'Desk zone',
        helpText: null,
        type: 'one-choice',
        required: false,
        visibility: 'everyone',
        editableBy: 'person',
        searchable: true,
        facet: true,
        needsApproval: false,
        section: null,
        retired: false,
        options: [
          { value: 'quayside-north', label: 'Quayside North', retired: false },
          { value: 'quayside-south', label: 'Quayside South', retired: false },
        ],
      },
      options,
    ),
  );
  const last = `Deskwell${randomLetters(6)}`;
  const people = [
    await makeEmployee({ firstName: 'Amara', lastName: last }),
    await makeEmployee({ firstName: 'Bertil', lastName: last }),
    await makeEmployee({ firstName: 'Cosima', lastName: last }),
  ];
  const zones = ['quayside-north', 'quayside-south', 'quayside-south'];
  const ids: string[] = [];
  for (const [i, person] of people.entries()) {
    await db.sequelize.query('UPDATE employees SET custom_fields = :values WHERE id = :id', {
      replacements: { values: JSON.stringify({ [KEY]: zones[i] }), id: person.id },
      type: QueryTypes.UPDATE,
    });
    const event = await recordEvent(
      db,
      {
        type: 'employee.updated',
        version: 1,
        employeeId: person.id,
        actorId: person.id,
        changedFields: [`custom.${KEY}`],
      },
      onlyTheIndex,
    );
    ids.push(event.eventId);
  }
  await waitForSearchIndex(ids);

  await page.goto(`/employees?q=${last}`);
  const facet = page.getByRole('group', { name: 'Desk zone' });
  await expect(facet.getByRole('checkbox', { name: /Quayside South/ })).toBeVisible();
  await expect(facet.locator('.facet__count')).toHaveText(['2', '1']);
  await facet.getByRole('checkbox', { name: /Quayside South/ }).check();
  await expect(page).toHaveURL(/custom\.desk_zone=Quayside\+South/);
  await expect(page.locator('.person')).toHaveCount(2);
  await expect(page.locator('.person').first()).toContainText('Desk zone: Quayside South');
  await saveReadmePicture(page, 'custom-fields/directory-facet');

  // HR makes the field HR-only: the subscriber rebuilds the index without it.
  await changeDefinition(['visibility', 'searchable', 'facet'], (options) =>
    updateCustomFieldDefinition(
      db,
      KEY,
      (field) => ({ ...field, visibility: 'hr', editableBy: 'hr', searchable: false, facet: false }),
      options,
    ),
  );
  await page.goto(`/employees?q=${last}`);
  await expect(page.locator('.person')).toHaveCount(3);
  await expect(page.getByRole('group', { name: 'Desk zone' })).toHaveCount(0);
  await expect(page.getByText('Quayside')).toHaveCount(0);
  await page.goto(`/employees?q=${encodeURIComponent(`quayside ${last}`)}`);
  await expect(page.locator('.person')).toHaveCount(0);
});
