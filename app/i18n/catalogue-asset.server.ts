/**
 * The answer to a request for a language's browser catalogue (docs/decisions/337-catalogue-as-a-cached-script.md),
 * for server.js, which asks before Remix sees the request: `/locales/<language>.<hash>.js`. The current hash is
 * kept for a year and never revalidated (its name changes with its content). Another hash of a supported language
 * is a page rendered before a deploy changed the messages (an open tab, an instance of the previous deploy during
 * a rolling one): it gets today's messages, not kept, so that it hydrates with words rather than message ids.
 * Anything else under the prefix is not an answer here (Remix's 404).
 */
import { BROWSER_CATALOGUE_PREFIX, catalogue } from './catalogue.server';
import { isLanguage } from './languages';

export interface CatalogueAsset {
  body: string;
  headers: Record<string, string>;
}

const FILE_NAME = /^([a-z]{2,3})\.([0-9a-f]{16})\.js$/;
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const STALE_HASH = 'no-cache';

export function catalogueAsset(path: string): CatalogueAsset | null {
  if (!path.startsWith(BROWSER_CATALOGUE_PREFIX)) return null;
  const match = FILE_NAME.exec(path.slice(BROWSER_CATALOGUE_PREFIX.length));
  if (!match || !isLanguage(match[1])) return null;
  const { body, hash } = catalogue(match[1]).browser;
  return {
    body,
    headers: {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': match[2] === hash ? IMMUTABLE : STALE_HASH,
      ETag: `"${hash}"`,
    },
  };
}
