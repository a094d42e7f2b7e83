/**
 * The local mail folder (`DATA_DIR/mail`, file-mailer.ts) read as text: each `.eml` file with its base64 bodies
 * and RFC 2047 encoded words decoded, so a name or an address in it can be found. Used by erasure (the messages
 * to or about the person go) and the residue scan.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface MailFile {
  file: string;
  /** Headers and bodies, decoded, lower-cased. */
  text: string;
}

const ENCODED_WORD = /=\?utf-8\?b\?([a-z0-9+/=]*)\?=/gi;
const BASE64_PART = /content-transfer-encoding:\s*base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([a-z0-9+/=\r\n]+)/gi;

export function readableTextOfEml(raw: string): string {
  const headers = raw.replace(ENCODED_WORD, (_, encoded: string) => Buffer.from(encoded, 'base64').toString('utf8'));
  const bodies = [...raw.matchAll(BASE64_PART)].map((match) =>
    Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64').toString('utf8'),
  );
  return [headers, ...bodies].join('\n').toLowerCase();
}

export async function readMailFolder(directory: string): Promise<MailFile[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: MailFile[] = [];
  for (const name of names.filter((entry) => entry.endsWith('.eml'))) {
    const file = path.join(directory, name);
    files.push({ file, text: readableTextOfEml(await readFile(file, 'utf8')) });
  }
  return files;
}

/** Whether a decoded message mentions any of the needles (already lower-cased). */
export function mentionsAny(text: string, needles: readonly string[]): boolean {
  return needles.some((needle) => needle && text.includes(needle));
}
