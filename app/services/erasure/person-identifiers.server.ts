/**
 * What identifies one person in any store: the values the residue scan searches for, and the addresses erasure
 * needs for the rows and files found by address rather than by id (throttle counters, join links, mail, the
 * suppression list). Read from the employee row and what hangs off it while the row exists; once it is gone only
 * the id is known, unless the operator passes the rest (scripts/privacy-residue.ts).
 *
 * Names are searched as whole names ("Ada Lovelace", "Lovelace Ada"), not each part alone: a first name on its
 * own would find every colleague who shares it.
 */
import { getEmployee } from '~/models/employee.server';
import { listLinkedIdentities } from '~/models/linked-identities.server';
import { getScimStates } from '~/models/scim-users.server';
import { listPhotosForEmployee } from '@shared/photo-records';
import { metadataTable } from '@shared/metadata-table';
import type { Platform } from '~/platform.server';

export interface PersonIdentifiers {
  employeeId: string;
  /** Lower-cased: work, personal, and every address an identity provider vouched for. */
  emails: string[];
  /** Whole names: first + last, preferred + last, either order; the emergency contact's name. */
  names: string[];
  employeeNumber: string | null;
  phones: string[];
  /** Face references: Rekognition face ids, or the start of a local descriptor as the stores write it. */
  faceReferences: string[];
  /** The identity provider's id for them (SCIM `externalId`, migration 018), when it provisioned them. */
  externalId?: string | null;
}

const unique = (values: Array<string | null | undefined>) => [
  ...new Set(values.map((value) => value?.trim()).filter((value): value is string => Boolean(value))),
];

export function identifiersOf(input: Partial<PersonIdentifiers> & { employeeId: string }): PersonIdentifiers {
  return {
    employeeId: input.employeeId,
    emails: unique((input.emails ?? []).map((email) => email.toLowerCase())),
    names: unique(input.names ?? []),
    employeeNumber: input.employeeNumber?.trim() || null,
    phones: unique(input.phones ?? []),
    faceReferences: unique(input.faceReferences ?? []),
    externalId: input.externalId?.trim() || null,
  };
}

/** The person's identifiers from their row and records, or null when the row is gone. */
export async function readPersonIdentifiers(platform: Platform, employeeId: string): Promise<PersonIdentifiers | null> {
  const employee = await getEmployee(platform.db, employeeId, 'private');
  if (!employee) return null;
  const identities = await listLinkedIdentities(platform.db, employeeId);
  const photos = await listPhotosForEmployee(metadataTable(platform), employeeId);
  const scim = (await getScimStates(platform.db, [employeeId])).get(employeeId);
  const given = unique([employee.firstName, employee.preferredName]);
  return identifiersOf({
    employeeId,
    emails: [employee.workEmail, employee.personalEmail ?? '', ...identities.map((identity) => identity.email)],
    names: [
      ...given.flatMap((name) => [`${name} ${employee.lastName}`, `${employee.lastName} ${name}`]),
      employee.emergencyContactName ?? '',
    ],
    employeeNumber: employee.employeeNumber,
    externalId: scim?.externalId ?? null,
    phones: [employee.workPhone ?? '', employee.personalPhone ?? '', employee.emergencyContactPhone ?? ''],
    faceReferences: photos.flatMap((photo) => {
      const reference = photo.faceReference;
      if (!reference) return [];
      return reference.kind === 'rekognition' ? [reference.faceId] : [descriptorNeedle(reference.descriptor)];
    }),
  });
}

/** The first numbers of a descriptor as JSON writes them: enough to be unique, found in any serialised item. */
export function descriptorNeedle(descriptor: readonly number[]): string {
  return descriptor.slice(0, 4).join(',');
}
