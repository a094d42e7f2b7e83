/**
 * The local mailer: each email becomes an RFC 5322 `.eml` file under the data directory's `mail/` (open it
 * with any mail program; the e2e suite reads it from there), and the recipient, subject and link are printed
 * on the console for the developer. Console only: the structured log may be shipped, and a link can be a
 * credential.
 *
 * SES's suppression list has a local stand-in, `mail/suppression-list.json` (an array of
 * `{ address, reason: "bounce" | "complaint", since }`), so the admin page's bounce list can be tried here.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Mailbox, Mailer, SuppressedAddress } from './mailer';
import { buildMimeMessage } from './mime-message';

export const SUPPRESSION_LIST_FILE = 'suppression-list.json';

const suppressionListSchema = z.array(
  z.object({
    address: z.string().email(),
    reason: z.enum(['bounce', 'complaint']),
    since: z.string().datetime(),
  }),
);

export interface FileMailerOptions {
  /** The directory the `.eml` files go to (DATA_DIR/mail). */
  directory: string;
  from: Mailbox;
  /** Where the developer sees each email; console.log unless a test listens. */
  print?: (line: string) => void;
}

export function fileMailer(options: FileMailerOptions): Mailer {
  const print = options.print ?? ((line: string) => console.log(line));
  return {
    async send(email) {
      await mkdir(options.directory, { recursive: true });
      // The id is the notice's event id: a retried delivery rewrites the same file instead of adding one.
      const file = path.join(options.directory, `${email.id}.eml`);
      const partial = `${file}.partial`;
      await writeFile(partial, buildMimeMessage(email, options.from), { mode: 0o600 });
      await rename(partial, file);
      print(
        [`[mail] to ${email.to.address}: ${email.subject}`, ...(email.link ? [`       ${email.link}`] : [])].join('\n'),
      );
      return { messageId: email.id };
    },

    async listSuppressedAddresses(): Promise<SuppressedAddress[]> {
      let text: string;
      try {
        text = await readFile(path.join(options.directory, SUPPRESSION_LIST_FILE), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const parsed = suppressionListSchema.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(`${SUPPRESSION_LIST_FILE} is not a list of suppressed addresses`);
      return parsed.data.sort((a, b) => b.since.localeCompare(a.since));
    },
  };
}
