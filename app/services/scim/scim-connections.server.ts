/**
 * HR's SCIM connections (/admin/scim): a token per identity provider connection, created with a name and an
 * expiry, shown once, listed with when it was last used, and revoked. Each creation and revocation is written with
 * a `scim-token.changed` event (the token's id only) in the same transaction, which the page lists as its history
 * (docs/decisions/330-scim-tokens.md).
 */
import { z } from 'zod';
import type { Platform } from '~/platform.server';
import { SCIM_TOKENS_STREAM } from '@shared/contracts/employee-events';
import { getEmployeeEvents, recordEvent } from '~/services/domain-events.server';
import {
  createScimToken,
  listScimTokens,
  MAX_SCIM_TOKEN_NAME,
  revokeScimToken,
  type ScimTokenListing,
} from '~/models/scim-tokens.server';
import { refuseControlCharacters } from '~/utils/control-characters';

/** The expiries HR chooses from, in days: a token that never expires is not offered. */
export const SCIM_TOKEN_LIFETIMES_DAYS = [30, 90, 365] as const;

const DAY_MS = 24 * 60 * 60 * 1000;

export const createTokenSchema = z.object({
  intent: z.literal('create'),
  name: refuseControlCharacters(
    z
      .string({ required_error: 'Name the connection' })
      .trim()
      .min(1, 'Name the connection')
      .max(MAX_SCIM_TOKEN_NAME, `The name must be at most ${MAX_SCIM_TOKEN_NAME} characters`),
    'Name',
  ),
  expiresInDays: z.enum(SCIM_TOKEN_LIFETIMES_DAYS.map(String) as [string, ...string[]], {
    errorMap: () => ({ message: 'Choose when the token expires' }),
  }),
});

export const revokeTokenSchema = z.object({
  intent: z.literal('revoke'),
  id: z.string().uuid('Unknown token'),
});

export type ScimConnectionResult =
  | { ok: true; intent: 'create'; name: string; token: string; expiresAt: string }
  | { ok: true; intent: 'revoke'; name: string }
  | { ok: false; intent: 'create' | 'revoke'; errors: Record<string, string>; values: Record<string, string> };

/** Parses HR's form and creates or revokes a token; a bad form writes nothing and says which field is wrong. */
export async function runScimConnectionAction(
  platform: Platform,
  formData: FormData,
  actorId: string,
  now = new Date(),
): Promise<ScimConnectionResult> {
  const intent = formData.get('intent');
  const values = Object.fromEntries(
    [...formData]
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
      .map(([k, v]) => [k, v.slice(0, 200)]),
  );
  if (intent === 'create') {
    const parsed = createTokenSchema.safeParse(values);
    if (!parsed.success) return { ok: false, intent, errors: errorsOf(parsed.error), values };
    const expiresAt = new Date(now.getTime() + Number(parsed.data.expiresInDays) * DAY_MS);
    const { token } = await platform.db.sequelize.transaction(async (transaction) => {
      const created = await createScimToken(
        platform.db,
        { name: parsed.data.name, createdBy: actorId, expiresAt },
        now,
        transaction,
      );
      await recordEvent(
        platform.db,
        {
          type: 'scim-token.changed',
          version: 1,
          employeeId: SCIM_TOKENS_STREAM,
          actorId,
          tokenId: created.id,
          change: 'created',
        },
        { transaction, now },
      );
      return created;
    });
    return { ok: true, intent, name: parsed.data.name, token, expiresAt: expiresAt.toISOString() };
  }
  if (intent === 'revoke') {
    const parsed = revokeTokenSchema.safeParse(values);
    if (!parsed.success) return { ok: false, intent, errors: errorsOf(parsed.error), values };
    const listed = (await listScimTokens(platform.db)).find((token) => token.id === parsed.data.id);
    if (!listed) return { ok: false, intent, errors: { id: 'Unknown token' }, values };
    const revoked = await platform.db.sequelize.transaction(async (transaction) => {
      if (!(await revokeScimToken(platform.db, parsed.data.id, now, transaction))) return false;
      await recordEvent(
        platform.db,
        {
          type: 'scim-token.changed',
          version: 1,
          employeeId: SCIM_TOKENS_STREAM,
          actorId,
          tokenId: parsed.data.id,
          change: 'revoked',
        },
        { transaction, now },
      );
      return true;
    });
    if (!revoked) return { ok: false, intent, errors: { id: 'This token was already revoked' }, values };
    return { ok: true, intent, name: listed.name };
  }
  throw new Response('Unknown action', { status: 400 });
}

function errorsOf(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return errors;
}

export interface ScimTokenHistoryEntry {
  at: string;
  change: 'created' | 'revoked';
  tokenName: string | null;
  /** The HR admin's name, or null when they were erased. */
  actorName: string | null;
}

/** The page: every token, and who created or revoked which, newest first. */
export async function loadScimConnections(
  platform: Platform,
): Promise<{ tokens: ScimTokenListing[]; history: ScimTokenHistoryEntry[] }> {
  const [tokens, events] = await Promise.all([
    listScimTokens(platform.db),
    getEmployeeEvents(platform.db, SCIM_TOKENS_STREAM),
  ]);
  const names = await actorNames(
    platform,
    events.map((event) => event.actorId),
  );
  const history = events
    .flatMap((event) => (event.type === 'scim-token.changed' ? [event] : []))
    .map((event) => ({
      at: event.occurredAt,
      change: event.change,
      tokenName: tokens.find((token) => token.id === event.tokenId)?.name ?? null,
      actorName: names.get(event.actorId) ?? null,
    }))
    .reverse();
  return { tokens, history };
}

async function actorNames(platform: Platform, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].filter((id) => z.string().uuid().safeParse(id).success);
  if (unique.length === 0) return new Map();
  const rows = (await platform.db.models.Employee.findAll({
    where: { id: unique },
    attributes: ['id', 'firstName', 'preferredName', 'lastName'],
    raw: true,
  })) as unknown as Array<{ id: string; firstName: string; preferredName: string | null; lastName: string }>;
  return new Map(rows.map((row) => [row.id, `${row.preferredName ?? row.firstName} ${row.lastName}`]));
}
