/**
 * What the company's identity provider keeps here about the person through SCIM provisioning (migration 018,
 * docs/decisions/328-scim-provisioned-people.md): its own id for them, a manager it named who has not arrived
 * yet, and when it deleted them (the profile stays; the provider no longer sees it).
 */
import { getPendingManager, getScimStates } from '~/models/scim-users.server';
import type { ArchiveSection } from './section.server';

export const provisioningSection: ArchiveSection = {
  key: 'provisioning',
  readme: 'myDataReadme.provisioning',
  async collect({ platform, employeeId }) {
    const state = (await getScimStates(platform.db, [employeeId])).get(employeeId);
    return {
      data: {
        externalId: state?.externalId ?? null,
        managerNamedButNotYetHere: await getPendingManager(platform.db, employeeId),
        deletedByProviderAt: state?.deletedAt?.toISOString() ?? null,
      },
    };
  },
};
