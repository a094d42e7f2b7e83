/**
 * HR's approval of a person's changes to fields HR defines (docs/decisions/323-field-change-approval.md), on one
 * engine: a change waits instead of being written (one per person and field, a new one replacing it), HR sees the
 * old and new value, approves (written, `employee.updated` naming `custom.<key>`) or refuses with a reason (none:
 * refused, nothing written), nobody decides their own, a value no longer valid is not applied, a retired field's
 * changes close, and the person is told by email (the label and outcome, HR's reason, never a value) and on /me.
 * Run by app/services/field-change-approval.server.test.ts (SQLite) and its .mariadb twin.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { getEmployee } from '~/models/employee.server';
import { listEmployeeEvents } from '~/models/event-outbox.server';
import {
  insertCustomFieldDefinition,
  listCustomFieldDefinitions,
  updateCustomFieldDefinition,
} from '~/models/custom-field-store.server';
import type { CustomFieldDefinition } from '~/models/custom-fields';
import { countPendingChanges, listChangesOf } from '~/models/field-change-requests.server';
import { runFieldAdminAction } from '~/services/custom-field-admin.server';
import { createEmployee, updateEmployee } from '~/services/employees.server';
import { dispatchEvents } from '~/services/event-dispatcher.server';
import { decideFieldChange, listChangesForHr, recordHrLookAtChanges } from '~/services/field-change-decisions.server';
import { listPrivateDetailViews } from '~/models/private-detail-views.server';
import {
  askForFieldChanges,
  loadMyFieldChanges,
  splitChangesForApproval,
} from '~/services/field-change-requests.server';
import { fieldChangesSection } from '~/services/personal-archive/field-changes-section.server';
import { createSubscribers } from '~/subscribers/index.server';
import { readMailbox } from './mail';
import { startTestPlatform, type TestPlatform } from './platform';
import type { TestDialect } from './databases';

const definition = (key: string, extra: Partial<CustomFieldDefinition>): Omit<CustomFieldDefinition, 'position'> => ({
  key,
  label: key,
  helpText: null,
  type: 'short-text',
  required: false,
  visibility: 'person-and-hr',
  editableBy: 'person',
  needsApproval: true,
  searchable: false,
  facet: false,
  section: null,
  retired: false,
  options: [],
  ...extra,
});

const person = (firstName: string, email: string) =>
  employeeFieldsSchema.parse({
    firstName,
    lastName: 'Approval',
    workEmail: email,
    jobTitle: 'Engineer',
    department: 'Engineering',
  });

export function runFieldChangeApprovalSuite(dialect: TestDialect) {
  describe(`changes that wait for HR's approval (${dialect})`, () => {
    let platform: TestPlatform;
    let ids: { person: string; hr: string; otherHr: string };
    /** Each person's built-in fields as created, sent unchanged with every form. */
    const builtIn = new Map<string, ReturnType<typeof person>>();
    const REASON = 'Desks on floor 9 are for the night shift';

    /** What the person's /me form would send: the fields they may change, as parsed. */
    const ask = async (employeeId: string, values: Record<string, string | null>) => {
      const stored = await getEmployee(platform.db, employeeId, 'private');
      const split = splitChangesForApproval(platform.customFields, stored!.customFields, values);
      await updateEmployee(platform, employeeId, employeeId, builtIn.get(employeeId)!, split.direct);
      await askForFieldChanges(platform, employeeId, split.waiting);
      return split;
    };
    const reloadFields = async () => {
      platform.customFields = await listCustomFieldDefinitions(platform.db);
    };
    const pendingOf = async (employeeId: string) =>
      (await listChangesOf(platform.db, employeeId)).filter((change) => !change.decidedAt);
    const storedValues = async (employeeId: string) =>
      JSON.parse((await getEmployee(platform.db, employeeId, 'private'))!.customFields ?? '{}');

    beforeAll(async () => {
      platform = await startTestPlatform({
        dialect,
        photoTrigger: false,
        env: { PUBLIC_URL: 'https://people.xyz.example' },
      });
      await insertCustomFieldDefinition(platform.db, definition('desk', { label: 'Desk' }));
      await insertCustomFieldDefinition(
        platform.db,
        definition('shirt', {
          label: 'T-shirt size',
          type: 'one-choice',
          visibility: 'everyone',
          options: [
            { value: 'small', label: 'Small', retired: false },
            { value: 'large', label: 'Large', retired: false },
          ],
        }),
      );
      await insertCustomFieldDefinition(
        platform.db,
        definition('pronouns', { label: 'Pronouns', needsApproval: false }),
      );
      await reloadFields();
      const make = async (name: string, role: 'employee' | 'admin') => {
        const fields = person(name, `${name.toLowerCase()}.${dialect}@xyz.example`);
        const { id } = await createEmployee(platform, { fields, status: 'active', role });
        builtIn.set(id, fields);
        return id;
      };
      ids = {
        person: await make('Perpetua', 'employee'),
        hr: await make('Hortense', 'admin'),
        otherHr: await make('Horatio', 'admin'),
      };
    }, 60_000);
    afterAll(async () => platform?.close());

    it('keeps a change to an approval field waiting, one per field, and writes the other fields at once', async () => {
      const first = await ask(ids.person, { desk: 'Floor 9, desk 12', shirt: 'large', pronouns: 'she/her' });
      expect(first.waiting.map((change) => change.field.key)).toEqual(['desk', 'shirt']);
      expect(await storedValues(ids.person)).toEqual({ pronouns: 'she/her' });
      // A new change replaces the waiting one; the value as stored (the form shows it) leaves it alone.
      await ask(ids.person, { desk: 'Floor 9, desk 14', shirt: null, pronouns: 'she/her' });
      const pending = await pendingOf(ids.person);
      expect(pending.map((change) => [change.fieldKey, change.oldValue, change.newValue]).sort()).toEqual([
        ['desk', null, 'Floor 9, desk 14'],
        ['shirt', null, 'large'],
      ]);
      expect(await countPendingChanges(platform.db)).toBe(2);
      const mine = await loadMyFieldChanges(platform, ids.person, platform.customFields);
      expect(mine.waiting).toEqual({ 'custom.desk': 'Floor 9, desk 14', 'custom.shirt': 'Large' });
    });

    it("shows HR each change with the person, the field's label and both values; a restricted one is a view", async () => {
      const changes = await listChangesForHr(platform, { id: ids.hr });
      await recordHrLookAtChanges(platform, { id: ids.hr }, changes);
      const { views } = await listPrivateDetailViews(platform.db, ids.person, { limit: 10 });
      // The desk is the person's and HR's; the T-shirt size everyone's, so not a view.
      expect(views).toEqual([
        expect.objectContaining({ viewerEmployeeId: ids.hr, place: 'field-changes', fields: ['custom.desk'] }),
      ]);
      expect(changes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ label: 'Desk', oldValue: '', newValue: 'Floor 9, desk 14', own: false }),
          expect.objectContaining({ label: 'T-shirt size', newValue: 'Large', displayName: 'Perpetua Approval' }),
        ]),
      );
    });

    it('refuses bad decisions with a clear message and writes nothing', async () => {
      const [desk] = await pendingOf(ids.person).then((all) => all.filter((change) => change.fieldKey === 'desk'));
      const noReason = await decideFieldChange(
        platform,
        { id: ids.hr },
        { intent: 'refuse', id: desk.id, reason: ' ' },
      );
      expect(noReason).toMatchObject({ ok: false, status: 400, errors: { reason: expect.stringContaining('reason') } });
      expect(await decideFieldChange(platform, { id: ids.hr }, { intent: 'approve', id: 'not-a-uuid' })).toMatchObject({
        ok: false,
        status: 400,
      });
      expect(await decideFieldChange(platform, { id: ids.hr }, { intent: 'delete', id: desk.id })).toMatchObject({
        ok: false,
        status: 400,
        errors: { form: 'Choose Approve or Refuse.' },
      });
      expect(
        await decideFieldChange(
          platform,
          { id: ids.hr },
          { intent: 'approve', id: '00000000-0000-4000-8000-000000000000' },
        ),
      ).toMatchObject({ ok: false, status: 404 });
      // HR's own change is another HR person's to decide.
      await ask(ids.hr, { desk: 'Floor 1' });
      const [own] = await pendingOf(ids.hr);
      expect(await decideFieldChange(platform, { id: ids.hr }, { intent: 'approve', id: own.id })).toMatchObject({
        ok: false,
        status: 403,
      });
      expect((await listChangesForHr(platform, { id: ids.hr })).find((change) => change.id === own.id)?.own).toBe(true);
      expect(await pendingOf(ids.person)).toHaveLength(2);
      expect(await storedValues(ids.hr)).toEqual({});
    });

    it('approves one (written, its event names the field) and refuses another with a reason; each decided once', async () => {
      const pending = await pendingOf(ids.person);
      const desk = pending.find((change) => change.fieldKey === 'desk')!;
      const shirt = pending.find((change) => change.fieldKey === 'shirt')!;
      expect(await decideFieldChange(platform, { id: ids.hr }, { intent: 'approve', id: desk.id })).toMatchObject({
        ok: true,
      });
      expect(await storedValues(ids.person)).toEqual({ pronouns: 'she/her', desk: 'Floor 9, desk 14' });
      expect(
        await decideFieldChange(platform, { id: ids.otherHr }, { intent: 'refuse', id: shirt.id, reason: REASON }),
      ).toMatchObject({ ok: true });
      expect(await storedValues(ids.person)).toEqual({ pronouns: 'she/her', desk: 'Floor 9, desk 14' });
      expect(await decideFieldChange(platform, { id: ids.hr }, { intent: 'approve', id: desk.id })).toMatchObject({
        ok: false,
        status: 409,
      });

      const bodies = await listEmployeeEvents(platform.db, ids.person);
      const events = bodies.map((body) => JSON.parse(body) as Record<string, unknown>);
      expect(events.filter((event) => event.type === 'employee.updated').at(-1)).toMatchObject({
        actorId: ids.hr,
        changedFields: ['custom.desk'],
      });
      expect(events.filter((event) => event.type === 'employee.field-change-decided')).toEqual([
        expect.objectContaining({ requestId: desk.id, field: 'custom.desk', outcome: 'approved' }),
        expect.objectContaining({ requestId: shirt.id, field: 'custom.shirt', outcome: 'refused' }),
      ]);
      for (const body of bodies) expect(body).not.toMatch(/Floor 9|large|night shift/);
    });

    it('tells the person by email (label and outcome, the reason on refusal, no value) and on /me', async () => {
      await dispatchEvents(platform.db, createSubscribers(platform));
      const mails = readMailbox(path.join(platform.env.dataDir, 'mail')).filter((mail) =>
        mail.to.includes(`perpetua.${dialect}@xyz.example`),
      );
      const approved = mails.find((mail) => mail.subject === 'HR approved a change to your profile');
      const refused = mails.find((mail) => mail.subject === 'HR did not approve a change to your profile');
      expect(approved?.text).toContain('“Desk”');
      expect(refused?.text).toContain('“T-shirt size”');
      expect(refused?.text).toContain(REASON);
      for (const mail of [approved!, refused!]) expect(mail.text).not.toMatch(/Floor 9|Large/);
      const mine = await loadMyFieldChanges(platform, ids.person, platform.customFields);
      expect(mine.waiting).toEqual({});
      expect(mine.decisions.map((decision) => [decision.label, decision.outcome, decision.reason]).sort()).toEqual([
        ['Desk', 'approved', null],
        ['T-shirt size', 'refused', REASON],
      ]);
    });

    it('does not apply a value no longer valid, and closes the changes of a retired field', async () => {
      await ask(ids.person, { shirt: 'small' });
      const [shirt] = await pendingOf(ids.person);
      await updateCustomFieldDefinition(platform.db, 'shirt', (field) => ({
        ...field,
        options: field.options.map((option) => ({ ...option, retired: true })),
      }));
      await reloadFields();
      // A retired option a person holds stays valid for them; one they only asked for is no longer offered.
      const refused = await decideFieldChange(platform, { id: ids.hr }, { intent: 'approve', id: shirt.id });
      expect(refused).toMatchObject({ ok: false, status: 409 });
      expect(await storedValues(ids.person)).not.toHaveProperty('shirt');
      expect(await pendingOf(ids.person)).toHaveLength(1);

      const form = new FormData();
      form.set('intent', 'retire');
      form.set('key', 'shirt');
      await runFieldAdminAction(platform, form);
      expect(await pendingOf(ids.person)).toEqual([]);
      // By its id: the person's earlier changes in this suite may share its millisecond, and so its place in the list.
      const changes = await listChangesOf(platform.db, ids.person);
      expect(changes.find((change) => change.id === shirt.id)).toMatchObject({ outcome: 'closed' });
    });

    it("lists every change and HR's decision in the person's archive", async () => {
      await reloadFields();
      const { data } = await fieldChangesSection.collect({ platform, employeeId: ids.person, viewer: null });
      expect(data).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ fieldKey: 'desk', valueAskedFor: 'Floor 9, desk 14', outcome: 'approved' }),
          expect.objectContaining({ fieldKey: 'shirt', label: 'T-shirt size', outcome: 'refused', reason: REASON }),
          expect.objectContaining({ fieldKey: 'shirt', outcome: 'closed' }),
        ]),
      );
    });
  });
}
