/**
 * Taking one address off the account's suppression list (an erased person's address must not stay there): SES v2
 * DeleteSuppressedDestination on AWS, the local stand-in file (`mail/suppression-list.json`, see file-mailer.ts)
 * otherwise. An address that is not on the list is not an error: erasure runs this on every address it knows.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { loadSesSdk } from '../aws-sdk-loaders';
import { SUPPRESSION_LIST_FILE } from './file-mailer';

export interface SuppressionList {
  /** Removes the address; resolves whether or not it was listed. */
  forgetAddress(address: string): Promise<void>;
}

export function sesSuppressionList(client: Pick<SESv2Client, 'send'>): SuppressionList {
  return {
    async forgetAddress(address) {
      const { DeleteSuppressedDestinationCommand } = await loadSesSdk();
      try {
        await client.send(new DeleteSuppressedDestinationCommand({ EmailAddress: address }));
      } catch (error) {
        if ((error as Error).name === 'NotFoundException') return;
        throw error;
      }
    },
  };
}

export function fileSuppressionList(directory: string): SuppressionList {
  const file = path.join(directory, SUPPRESSION_LIST_FILE);
  return {
    async forgetAddress(address) {
      let entries: Array<{ address: string }>;
      try {
        entries = JSON.parse(await readFile(file, 'utf8')) as Array<{ address: string }>;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      const kept = entries.filter((entry) => entry.address.toLowerCase() !== address.toLowerCase());
      if (kept.length === entries.length) return;
      await writeFile(`${file}.partial`, JSON.stringify(kept, null, 2), { mode: 0o600 });
      await rename(`${file}.partial`, file);
    },
  };
}
