/**
 * Mail: locally, every `.eml` file sent to them or naming them (the folder stands in for the mailboxes, and a
 * manager's notice about them names them); on AWS, each of their addresses off the account's suppression list
 * (SES keeps a bounced address there for years otherwise). Sent mail in real mailboxes is outside the product.
 */
import { rm } from 'node:fs/promises';
import type { ErasureStep } from './erasure-step.server';
import { mentionsAny, readMailFolder } from './mail-folder.server';
import type { PersonIdentifiers } from './person-identifiers.server';

export function mailNeedlesOf(identifiers: PersonIdentifiers): string[] {
  return [identifiers.employeeId, ...identifiers.emails, ...identifiers.names].map((needle) => needle.toLowerCase());
}

export const mailStep: ErasureStep = {
  name: 'mail',
  async run({ erasure, ports, identifiers }) {
    const known = identifiers ?? { employeeId: erasure.employeeId, emails: [], names: [] };
    if (ports.mailDirectory) {
      const needles = mailNeedlesOf({ ...known, employeeNumber: null, phones: [], faceReferences: [] });
      for (const mail of await readMailFolder(ports.mailDirectory)) {
        if (mentionsAny(mail.text, needles)) await rm(mail.file, { force: true });
      }
    }
    for (const address of known.emails) await ports.suppressionList.forgetAddress(address);
  },
};
