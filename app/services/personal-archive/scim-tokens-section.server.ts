/**
 * The SCIM connection tokens the person created as HR (/admin/scim): each token's name and dates, never the token
 * or its hash (docs/decisions/330-scim-tokens.md). Empty for everyone who is not HR.
 */
import { listScimTokens } from '~/models/scim-tokens.server';
import type { ArchiveSection } from './section.server';

export const scimTokensSection: ArchiveSection = {
  key: 'scimTokensCreated',
  readme: 'myDataReadme.scimTokensCreated',
  async collect({ platform, employeeId }) {
    const tokens = await listScimTokens(platform.db, { createdBy: employeeId });
    return {
      data: tokens.map((token) => ({
        name: token.name,
        createdAt: token.createdAt.toISOString(),
        expiresAt: token.expiresAt.toISOString(),
        lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
        revokedAt: token.revokedAt?.toISOString() ?? null,
      })),
    };
  },
};
