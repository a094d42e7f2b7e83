/**
 * The personal archive as one streamed ZIP (docs/decisions/320-personal-archive-and-view-log.md): README.txt,
 * data.json (every section's data), then each section's files, read one at a time from the bucket and written as
 * they arrive. Nothing holds the whole archive: memory stays flat however many photos a person has, and the
 * download starts at once. The caller pipes the returned stream to the response; destroying it (the browser
 * went away) stops the reading.
 */
import type { ZipArchive } from 'archiver';
import type { Readable } from 'node:stream';
import type { IntlShape } from 'react-intl';
import { catalogue } from '~/i18n/catalogue.server';
import type { Platform } from '~/platform.server';
import { ARCHIVE_SECTIONS } from './sections.server';
import type { ArchiveContext, ArchiveFile, ArchiveSection } from './section.server';

/**
 * README.txt in the reader's language (`intl`: the request's; English by default). Only the explanations are
 * translated: the file names, data.json's keys and its values stay as they are, whatever the language (the README
 * says so), so a program reads every archive alike.
 */
export function archiveReadme(sections: readonly ArchiveSection[], intl: IntlShape = catalogue('en').intl): string {
  const say = (id: string) => intl.formatMessage({ id });
  const parts = sections.map((section) => `- ${section.key}: ${say(section.readme)}`).join('\n\n');
  return [
    `${say('myDataReadme.title')}\n`,
    `${say('myDataReadme.intro')}\n`,
    `${say('myDataReadme.keys')}\n`,
    `${say('myDataReadme.dataJson')}\n`,
    `${parts}\n`,
    say('myDataReadme.photosFolder'),
    `${say('myDataReadme.missing')}\n`,
    say('myDataReadme.times'),
    say('myDataReadme.questions'),
    '',
  ].join('\n');
}

/** Resolves once the archive has written the named entry, so the next file is opened only then. */
function entryWritten(zip: ZipArchive, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: { name: string }) => {
      if (entry.name !== name) return;
      cleanUp();
      resolve();
    };
    const onGone = (error?: Error) => {
      cleanUp();
      reject(error ?? new Error('the archive was closed before it was complete'));
    };
    const cleanUp = () => {
      zip.off('entry', onEntry);
      zip.off('error', onGone);
      zip.off('close', onGone);
    };
    zip.on('entry', onEntry);
    zip.once('error', onGone);
    zip.once('close', onGone);
  });
}

/**
 * The archive of one employee, or null when there is no such employee. Every section is read before the first
 * byte goes out, so a store that fails fails the request (a 500/503 the browser shows), not half a ZIP.
 */
export async function streamPersonalArchive(
  platform: Platform,
  employeeId: string,
  options: {
    viewer?: ArchiveContext['viewer'];
    sections?: readonly ArchiveSection[];
    /** The README's language (the downloader's); English by default. */
    intl?: IntlShape;
  } = {},
): Promise<Readable | null> {
  const { viewer = null, sections = ARCHIVE_SECTIONS, intl } = options;
  // One context for all sections: reads two of them need are made once for this archive (shared-reads.server.ts).
  const context: ArchiveContext = { platform, employeeId, viewer };
  const collected = await Promise.all(sections.map((section) => section.collect(context)));
  const profileIndex = sections.findIndex((section) => section.key === 'profile');
  if (profileIndex >= 0 && collected[profileIndex]!.data === null) return null;

  const data = Object.fromEntries([
    ['archivedAt', new Date().toISOString()],
    ['employeeId', employeeId],
    ...sections.map((section, index) => [section.key, collected[index]!.data]),
  ]);
  const files: ArchiveFile[] = collected.flatMap((part) => part.files ?? []);

  // Loaded on first use, not with the worker (docs/decisions/025-worker-memory.md).
  const { ZipArchive: Zip } = await import('archiver');
  const zip = new Zip({ zlib: { level: 6 } });
  zip.append(archiveReadme(sections, intl), { name: 'README.txt' });
  zip.append(JSON.stringify(data, null, 2), { name: 'data.json' });
  let reading: Readable | null = null;
  void (async () => {
    const missing: string[] = [];
    for (const file of files) {
      reading = await file.open();
      if (!reading) {
        missing.push(file.name);
        continue;
      }
      const written = entryWritten(zip, file.name);
      zip.append(reading, { name: file.name, store: file.compressed });
      await written;
    }
    reading = null;
    if (missing.length > 0) zip.append(`${missing.join('\n')}\n`, { name: 'missing.txt' });
    await zip.finalize();
  })().catch((error: unknown) => {
    // The bucket's response being read is let go too, or its socket would wait for a reader that never comes.
    (reading as Readable | null)?.destroy();
    if (zip.destroyed) {
      platform.log.info('personal archive download stopped before the end', { employeeId });
      return;
    }
    platform.log.error('personal archive failed while streaming', { employeeId, error });
    zip.destroy(error as Error);
  });
  return zip;
}
