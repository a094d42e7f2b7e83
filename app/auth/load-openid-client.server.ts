/**
 * openid-client, imported on first use: only a sign-in or a sign-out through a company identity provider needs it,
 * and a process may never see one (docs/decisions/030-rare-aws-sdks-loaded-on-first-use.md).
 */
import { loadOnce } from '@shared/load-once';

export const loadOpenidClient = loadOnce(() => import('openid-client'));

export type OpenidClient = Awaited<ReturnType<typeof loadOpenidClient>>;
