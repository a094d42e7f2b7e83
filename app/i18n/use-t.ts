/**
 * `t('signIn.title')`: a message of the page's language as plain text. Ids are written out whole, never built
 * from parts, so the catalogue check (scripts/check-catalogues.ts) finds every one used. Rich text (a link or
 * <strong> inside a sentence) uses `useIntl().formatMessage` with tag functions. Browser-safe.
 */
import { useIntl } from 'react-intl';

export type MessageValues = Record<string, string | number | Date | null | undefined>;

export function useT() {
  const intl = useIntl();
  return (id: string, values?: MessageValues): string => intl.formatMessage({ id }, values);
}
