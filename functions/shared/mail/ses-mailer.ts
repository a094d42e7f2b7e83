/**
 * The SES v2 mailer: SendEmail with the raw RFC 5322 message (the same bytes the local mailer writes),
 * from the stack's domain identity and through its configuration set, which keeps bounced and complaining
 * addresses on the suppression list and publishes bounces and complaints to HR's topic
 * (cloudformation/builders/email.ts). The suppression list is what the admin page shows.
 */
import type { SESv2Client, SuppressedDestinationSummary } from '@aws-sdk/client-sesv2';
import { DEFAULT_AWS_CLIENT_SETTINGS, type AwsClientSettings } from '../aws-client-settings';
import { requestHandlerOptions } from '../aws-clients';
import { loadSesSdk } from '../aws-sdk-loaders';
import { clientOnFirstSend, type LazyClient } from '../lazy-client';
import type { Mailbox, Mailer, SuppressedAddress } from './mailer';
import { buildMimeMessage } from './mime-message';

export interface SesMailerOptions {
  region: string;
  /** moto in tests; unset on AWS. */
  endpoint?: string;
  from: Mailbox;
  configurationSet?: string;
  /** Pages of the suppression list read for the admin page (100 addresses each). */
  maxSuppressionPages?: number;
}

export function createSesClient(
  options: Pick<SesMailerOptions, 'region' | 'endpoint'> & { settings?: AwsClientSettings },
): LazyClient<SESv2Client> {
  const settings = options.settings ?? DEFAULT_AWS_CLIENT_SETTINGS;
  return clientOnFirstSend(async () => {
    const ses = await loadSesSdk();
    return new ses.SESv2Client({
      region: options.region,
      maxAttempts: settings.AWS_MAX_ATTEMPTS,
      requestHandler: requestHandlerOptions(settings),
      // Explicit dummy credentials for an emulator, so the SDK never probes the instance-metadata address.
      ...(options.endpoint
        ? { endpoint: options.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }
        : {}),
    });
  });
}

export function sesMailer(client: Pick<SESv2Client, 'send'>, options: SesMailerOptions): Mailer {
  return {
    async send(email) {
      const { SendEmailCommand } = await loadSesSdk();
      const result = await client.send(
        new SendEmailCommand({
          // Named explicitly (not only in the raw From header): the app role's ses:FromAddress condition reads it.
          FromEmailAddress: options.from.address,
          Destination: { ToAddresses: [email.to.address] },
          Content: { Raw: { Data: Buffer.from(buildMimeMessage(email, options.from), 'utf8') } },
          ConfigurationSetName: options.configurationSet,
        }),
      );
      return { messageId: result.MessageId ?? email.id };
    },

    async listSuppressedAddresses() {
      const { ListSuppressedDestinationsCommand } = await loadSesSdk();
      const found: SuppressedDestinationSummary[] = [];
      let token: string | undefined;
      for (let page = 0; page < (options.maxSuppressionPages ?? 5); page += 1) {
        const result = await client.send(
          new ListSuppressedDestinationsCommand({ Reasons: ['BOUNCE', 'COMPLAINT'], PageSize: 100, NextToken: token }),
        );
        found.push(...(result.SuppressedDestinationSummaries ?? []));
        token = result.NextToken;
        if (!token) break;
      }
      return found
        .map((entry): SuppressedAddress => ({
          address: (entry.EmailAddress ?? '').toLowerCase(),
          reason: entry.Reason === 'COMPLAINT' ? 'complaint' : 'bounce',
          since: (entry.LastUpdateTime ?? new Date(0)).toISOString(),
        }))
        .filter((entry) => entry.address)
        .sort((a, b) => b.since.localeCompare(a.since));
    },
  };
}
