/**
 * How the app sends an email to one person: SES v2 on AWS (ses-mailer.ts), `.eml` files under the
 * data directory locally (file-mailer.ts). Both take the same message, built once as RFC 5322 bytes
 * (mime-message.ts), so what a developer opens locally is what SES sends. It lives in the shared layer, not
 * app/, so that the deployment test (cloudformation/templates/moto-deploy.test.ts) sends through the very adapter the app uses.
 */
import { z } from 'zod';

/** A display name may be anything a person typed; an address must be a plain, single mailbox. */
export const mailboxSchema = z.object({
  name: z.string().max(200),
  address: z
    .string()
    .email()
    .max(254)
    .refine((value) => !/[\s<>,;"\\]/.test(value), 'must be one plain address'),
});

export type Mailbox = z.infer<typeof mailboxSchema>;

export interface OutgoingEmail {
  /** Stable per notice (the event id), so a retried delivery overwrites rather than adds a local file. */
  id: string;
  to: Mailbox;
  subject: string;
  text: string;
  html: string;
  /** The notice's link, printed on the local console (never logged): the developer's way in. */
  link: string | null;
}

export interface SuppressedAddress {
  address: string;
  reason: 'bounce' | 'complaint';
  /** ISO time SES last added or updated it. */
  since: string;
}

export interface Mailer {
  /** Hands one email over; throws when it was not accepted (the outbox retries it). */
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
  /** Addresses mail is no longer sent to because they bounced or complained (newest first). */
  listSuppressedAddresses(): Promise<SuppressedAddress[]>;
}
