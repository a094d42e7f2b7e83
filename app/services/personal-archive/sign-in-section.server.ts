/**
 * How the person signs in: whether a password is set (never its hash), the linked identities at the company's
 * identity providers, and the active sessions' times (never the session ids, which are hashes of the cookies).
 */
import { hasPassword } from '~/models/credentials.server';
import { listLinkedIdentities } from '~/models/linked-identities.server';
import { listActiveSessionTimes } from '~/models/session-times.server';
import type { ArchiveSection } from './section.server';

export const signInSection: ArchiveSection = {
  key: 'signIn',
  readme: 'myDataReadme.signIn',
  async collect({ platform, employeeId }) {
    const [password, identities, sessions] = await Promise.all([
      hasPassword(platform.db, employeeId),
      listLinkedIdentities(platform.db, employeeId),
      listActiveSessionTimes(platform.db, employeeId),
    ]);
    return {
      data: {
        passwordSet: password,
        identities: identities.map((identity) => ({
          provider: identity.providerId,
          issuer: identity.issuer,
          subject: identity.subject,
          email: identity.email,
          linkedAt: new Date(identity.linkedAt).toISOString(),
          lastSignInAt: identity.lastSignInAt ? new Date(identity.lastSignInAt).toISOString() : null,
        })),
        activeSessions: sessions,
      },
    };
  },
};
