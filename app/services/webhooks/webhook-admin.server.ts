/**
 * What HR does on /admin/webhooks (docs/decisions/329-signed-webhooks.md): register an endpoint (its signing secret
 * shown once), disable, enable or delete it, rotate its secret, and send a delivery again. Every form is parsed with
 * zod; a refused one writes nothing and says why beside the field.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Platform } from '~/platform.server';
import { privateTargetsAllowed } from '~/config/webhook-settings.server';
import {
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  insertWebhookEndpoint,
  replaceWebhookSecrets,
  setWebhookEndpointEnabled,
} from '~/models/webhook-endpoints.server';
import { cancelPendingWebhookDeliveries, resendWebhookDelivery } from '~/models/webhook-deliveries.server';
import { WEBHOOK_EVENT_TYPE_NAMES } from './payload.server';
import {
  endpointUrlSchema,
  resolveTarget,
  systemResolver,
  TargetRefusedError,
  type Resolver,
} from './target-rules.server';
import { newSecret } from './endpoint-secrets.server';
import { WebhookKeyUnavailableError } from './secret-box.server';

export interface WebhookForm {
  intent?: string;
  name?: string;
  url?: string;
  events: string[];
  id?: string;
  deliveryId?: string;
}

export type WebhookAdminResult =
  | { ok: true; message: string; secret?: { endpointName: string; value: string } }
  | { ok: false; status: 400 | 404 | 503; errors: { name?: string; url?: string; events?: string; form?: string } };

const nameSchema = z
  .string({ required_error: 'Name the endpoint (the system it is for).' })
  .trim()
  .min(1, 'Name the endpoint (the system it is for).')
  .max(80, 'Keep the name to 80 characters.')
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'Use one line of plain text.');

const eventsSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPE_NAMES as [string, ...string[]], { message: 'Pick events from the list.' }))
  .min(1, 'Pick at least one event.')
  .max(WEBHOOK_EVENT_TYPE_NAMES.length);

const idSchema = z.string().uuid();
const deliveryIdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const notFound = (what: string): WebhookAdminResult => ({
  ok: false,
  status: 404,
  errors: { form: `That ${what} no longer exists: reload the page.` },
});

export async function runWebhookAdminAction(
  platform: Pick<Platform, 'db' | 'env' | 'log'>,
  form: WebhookForm,
  options: { resolver?: Resolver; now?: Date } = {},
): Promise<WebhookAdminResult> {
  const now = options.now ?? new Date();
  try {
    switch (form.intent) {
      case 'register':
        return await register(platform, form, options.resolver ?? systemResolver, now);
      case 'disable':
      case 'enable': {
        const id = idSchema.safeParse(form.id);
        if (!id.success) return notFound('endpoint');
        const enabled = form.intent === 'enable';
        const changed = await platform.db.sequelize.transaction(async (transaction) => {
          const found = await setWebhookEndpointEnabled(platform.db, id.data, enabled, transaction);
          if (found && !enabled) await cancelPendingWebhookDeliveries(platform.db, id.data, transaction);
          return found;
        });
        if (!changed) return notFound('endpoint');
        return {
          ok: true,
          message: enabled
            ? 'Endpoint enabled: new events are sent to it.'
            : 'Endpoint disabled: its waiting deliveries are cancelled.',
        };
      }
      case 'delete': {
        const id = idSchema.safeParse(form.id);
        if (!id.success || !(await deleteWebhookEndpoint(platform.db, id.data))) return notFound('endpoint');
        return { ok: true, message: 'Endpoint deleted, with its delivery log.' };
      }
      case 'rotate': {
        const id = idSchema.safeParse(form.id);
        const endpoint = id.success ? await getWebhookEndpoint(platform.db, id.data) : null;
        if (!endpoint) return notFound('endpoint');
        const secret = await newSecret(platform.env, endpoint.id, endpoint.secrets, now);
        await replaceWebhookSecrets(platform.db, endpoint.id, secret.stored);
        return {
          ok: true,
          message: 'New signing secret: messages carry a signature with the old one too for the next 24 hours.',
          secret: { endpointName: endpoint.name, value: secret.plain },
        };
      }
      case 'resend': {
        const id = deliveryIdSchema.safeParse(form.deliveryId);
        if (!id.success || !(await resendWebhookDelivery(platform.db, id.data, now))) {
          return { ok: false, status: 404, errors: { form: 'That delivery is gone or already waiting to be sent.' } };
        }
        return { ok: true, message: 'The delivery will be sent again within seconds.' };
      }
      default:
        return { ok: false, status: 400, errors: { form: 'Unknown action: reload the page and try again.' } };
    }
  } catch (error) {
    if (error instanceof WebhookKeyUnavailableError) {
      platform.log.error('webhook secrets key unavailable', { error });
      return {
        ok: false,
        status: 503,
        errors: { form: 'Webhooks are not set up on this installation: ' + error.message },
      };
    }
    throw error;
  }
}

async function register(
  platform: Pick<Platform, 'db' | 'env'>,
  form: WebhookForm,
  resolver: Resolver,
  now: Date,
): Promise<WebhookAdminResult> {
  const strict = !privateTargetsAllowed(platform.env);
  const name = nameSchema.safeParse(form.name);
  const url = endpointUrlSchema(strict).safeParse(form.url);
  const events = eventsSchema.safeParse([...new Set(form.events)]);
  const errors: { name?: string; url?: string; events?: string } = {};
  if (!name.success) errors.name = name.error.issues[0].message;
  if (!url.success) errors.url = url.error.issues[0].message;
  if (!events.success) errors.events = events.error.issues[0].message;
  if (url.success) {
    try {
      // Resolved now only to refuse early; each delivery resolves and checks again.
      if (strict) await resolveTarget(new URL(url.data), strict, resolver);
    } catch (error) {
      if (!(error instanceof TargetRefusedError)) throw error;
      errors.url = `This address is refused: ${error.message}. Webhooks go to public HTTPS endpoints only.`;
    }
  }
  if (!name.success || !url.success || !events.success || errors.url) return { ok: false, status: 400, errors };
  const id = randomUUID();
  const secret = await newSecret(platform.env, id, [], now);
  await insertWebhookEndpoint(platform.db, {
    id,
    name: name.data,
    url: url.data,
    eventTypes: events.data,
    secrets: secret.stored,
    enabled: true,
    createdAt: now,
  });
  return {
    ok: true,
    message: `Endpoint “${name.data}” registered.`,
    secret: { endpointName: name.data, value: secret.plain },
  };
}
