/**
 * What a profile page (the profile, /me, HR's employee page) may show to a given viewer. Its fields pass the
 * field gate (app/services/field-gate.server.ts): everyone signed in sees the `everyone` fields of an active
 * employee, and the restricted ones reach only the readers their visibility names. Only the employee themselves
 * and active admins can see a pending or inactive profile at all (for anyone else it does not exist), and only
 * they see HR's note on the status and why an upload failed.
 */
import type { SessionUser } from '~/auth/user-session.server';
import { getProfileExtras } from '~/models/metadata.server';
import { getEmployee } from '~/models/employee.server';
import { PRIVATE_FIELDS, type PUBLIC_FIELDS } from '~/models/employee-fields';
import type { PublicEmployee } from '~/models/employee-projection.server';
import { restrictedFieldKeys, type NAMING_FIELDS } from '~/models/field-definitions';
import { listTeamAndManager } from '~/models/team.server';
import type { Platform } from '~/platform.server';
import { metadataTable } from '@shared/metadata-table';
import {
  ANY_EMPLOYEE,
  gateCustomValues,
  gateFields,
  managerChainDecides,
  readerOf,
  type FieldReader,
  visibleCustomFields,
  visibleFieldKeys,
} from '~/services/field-gate.server';
import { customFieldInputName, displayValue } from '~/models/custom-fields';
import { getPhotoView } from '~/services/photo-view.server';

export async function loadProfile(platform: Platform, viewer: SessionUser, employeeId: string) {
  const isSelf = viewer.id === employeeId;
  const viewerIsAdmin = viewer.role === 'admin' && viewer.status === 'active';
  const mayReadPrivate = isSelf || viewerIsAdmin;
  // The private columns are read only for a reader who may see one of them (or the account's own state).
  // The values of the fields HR defines live in a private column too (docs/decisions/023-hr-defined-field-storage.md).
  const readsPrivateColumns = (reader: FieldReader) =>
    mayReadPrivate ||
    visibleCustomFields(platform.customFields, reader).length > 0 ||
    visibleFieldKeys(platform.fieldDefinitions, reader).some((key) =>
      (PRIVATE_FIELDS as readonly string[]).includes(key),
    );
  const definitions = platform.fieldDefinitions;
  const gated = [...definitions, ...platform.customFields];
  // The person's record is read before the manager chain is known: its managerId answers the chain for most
  // readers with no walk up the line (readerOf). Until then the reader is any employee (the chain decides only for
  // an active employee who is neither the person nor HR), who never sees more than a reader in the chain: should
  // the chain show private columns too, they are read then.
  const chainDecides = managerChainDecides(gated, viewer, employeeId);
  const outsideChain = chainDecides ? ANY_EMPLOYEE : await readerOf(platform.db, gated, viewer, employeeId);
  const projection = readsPrivateColumns(outsideChain) ? 'private' : 'public';
  let found = await getEmployee(platform.db, employeeId, projection);
  if (!found) return null;
  if (found.status !== 'active' && !mayReadPrivate) return null;
  const reader = chainDecides
    ? await readerOf(platform.db, gated, viewer, employeeId, { managerId: found.managerId })
    : outsideChain;
  if (projection === 'public' && reader.managerChain && readsPrivateColumns(reader)) {
    found = await getEmployee(platform.db, employeeId, 'private');
    if (!found) return null;
  }
  const fields = gateFields(definitions, reader, found);
  const custom = gateCustomValues(platform.customFields, reader, 'customFields' in found ? found.customFields : null);
  const restricted = new Set<string>(restrictedFieldKeys(definitions));
  const isPrivateKind = (key: string) => (PRIVATE_FIELDS as readonly string[]).includes(key);
  const { managerId, ...shown } = fields;
  const [photo, { manager, reports }, extras] = await Promise.all([
    // The face check's note on the current photo is for HR only (photoReview below): nobody else pays its read.
    getPhotoView(platform, found, { currentCheck: viewerIsAdmin }),
    // The manager and the reports in one query (the manager only as far as the gate showed its id).
    listTeamAndManager(platform.db, employeeId, managerId ?? null),
    getProfileExtras(metadataTable(platform), employeeId).catch((error: unknown) => {
      // Extras are decoration: a DynamoDB hiccup should not take the profile down.
      platform.log.warn('profile extras unavailable', { employeeId, error });
      return null;
    }),
  ]);

  // The work fields the gate lets through (the naming ones always: checkFieldDefinitions), beside the record's
  // own id, number, display name, status and role.
  const employee = {
    id: found.id,
    employeeNumber: found.employeeNumber,
    displayName: found.displayName,
    ...(Object.fromEntries(Object.entries(shown).filter(([key]) => !isPrivateKind(key))) as Partial<
      Pick<PublicEmployee, Exclude<(typeof PUBLIC_FIELDS)[number], 'managerId'>>
    > &
      Pick<PublicEmployee, (typeof NAMING_FIELDS)[number]>),
    status: found.status,
    role: found.role,
  };
  const personalShown = Object.fromEntries(Object.entries(shown).filter(([key]) => isPrivateKind(key))) as Partial<
    Record<(typeof PRIVATE_FIELDS)[number], string | null>
  >;
  const statusReason = mayReadPrivate && 'statusReason' in found ? found.statusReason : null;
  const privateFields =
    Object.keys(personalShown).length > 0 || mayReadPrivate ? { ...personalShown, statusReason } : null;

  return {
    employee,
    privateFields,
    // The restricted fields this reader was handed: a view of them unless the reader is the person (the view log).
    restrictedFieldsShown: [
      ...Object.keys(fields).filter((key) => restricted.has(key)),
      ...custom
        .filter(({ field }) => field.visibility !== 'everyone')
        .map(({ field }) => customFieldInputName(field.key)),
    ],
    // The same values as stored, by input name: a profile form's starting values (only what this reader may see).
    customValues: Object.fromEntries(custom.map(({ field, value }) => [customFieldInputName(field.key), value])),
    // The fields HR defines that this reader may see and that hold a value, as the page shows them.
    customFields: custom.map(({ field, value }) => ({
      key: field.key,
      label: field.label,
      section: field.section,
      value: displayValue(field, value),
      long: field.type === 'long-text',
      link: field.type === 'url' ? (value as string) : field.type === 'email' ? `mailto:${value as string}` : null,
    })),
    isSelf,
    viewerIsAdmin,
    // employeeId: whom the page polls about while the photo is processing (components/photo-status.tsx).
    // Others see only the photo shown: never why an upload failed or waits for HR.
    photo: mayReadPrivate
      ? { state: photo.state, failureReason: photo.failureReason, employeeId: found.id }
      : { state: photo.current ? ('ready' as const) : ('none' as const), failureReason: null, employeeId: found.id },
    // HR only: the face check's note on the photo shown, and an upload held for review beside it.
    photoReview: viewerIsAdmin ? { held: photo.held, current: photo.current, currentCheck: photo.currentCheck } : null,
    photoId: photo.current?.photoId ?? null,
    manager:
      manager && (manager.status === 'active' || viewerIsAdmin)
        ? { id: manager.id, displayName: manager.displayName, jobTitle: manager.jobTitle }
        : null,
    // The same manager as a profile form names them (valuesFromEmployee): /me and HR's page need no second read.
    managerForForm:
      manager && (manager.status === 'active' || viewerIsAdmin)
        ? { id: manager.id, displayName: manager.displayName, department: manager.department }
        : null,
    reports: reports.map((report) => ({ id: report.id, displayName: report.displayName, jobTitle: report.jobTitle })),
    extras: extras
      ? {
          pronouns: extras.pronouns ?? null,
          timeZone: extras.timeZone ?? null,
          skills: extras.skills,
          links: extras.links,
        }
      : null,
  };
}
