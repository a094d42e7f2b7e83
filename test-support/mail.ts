/**
 * Reading the local mailer's `.eml` files in tests, with Python's standard `email` package as the parser
 * (a real RFC 5322/MIME implementation, not ours): headers decoded, parts decoded, and the raw header lines
 * kept so a test can check that nothing was injected.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface ParsedEmail {
  file: string;
  from: string;
  to: string;
  subject: string;
  messageId: string;
  /** Header names in order, as written. */
  headerNames: string[];
  text: string;
  html: string;
}

// Headers are decoded by RFC 2047's rule (whitespace between adjacent encoded words is dropped), through
// decode_header: the default policy's address parser keeps that whitespace inside a display name.
const PARSER = `
import email, json, sys
from email import policy
from email.header import decode_header, make_header
data = open(sys.argv[1], 'rb').read()
message = email.message_from_bytes(data, policy=policy.default)
raw = email.message_from_bytes(data)
header = lambda name: str(make_header(decode_header(raw[name])))
text = message.get_body(('plain',))
html = message.get_body(('html',))
print(json.dumps({
  'from': header('From'), 'to': header('To'), 'subject': header('Subject'),
  'messageId': str(message['Message-ID']), 'headerNames': list(message.keys()),
  'text': text.get_content() if text else '', 'html': html.get_content() if html else '',
}))
`;

export function parseEmlFile(file: string): ParsedEmail {
  const output = execFileSync('python3', ['-c', PARSER, file], { encoding: 'utf8' });
  return { file, ...(JSON.parse(output) as Omit<ParsedEmail, 'file'>) };
}

/** Every `.eml` under a mail directory, parsed, oldest first. */
export function readMailbox(directory: string): ParsedEmail[] {
  if (!fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory)
    .filter((name) => name.endsWith('.eml'))
    .map((name) => path.join(directory, name))
    .sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs)
    .map(parseEmlFile);
}

/** The first http(s) link in a text. */
export function firstLink(text: string): string | null {
  return text.match(/https?:\/\/\S+/)?.[0] ?? null;
}
