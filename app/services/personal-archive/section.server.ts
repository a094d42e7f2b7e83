/**
 * The personal archive ("My data", docs/decisions/320-personal-archive-and-view-log.md) is a list of sections:
 * each reads one kind of data held about the person and gives its part of data.json, the paragraph README.txt
 * says about it, and any files it adds (the photos). A new store is a new section in sections.server.ts.
 */
import type { Readable } from 'node:stream';
import type { EmployeeRole, EmployeeStatus } from '~/db/schema.server';
import type { Platform } from '~/platform.server';

export interface ArchiveContext {
  platform: Platform;
  employeeId: string;
  /** Who downloads it when that is not the person themself (HR's copy): the profile's fields pass the field gate. */
  viewer: { id: string; role: EmployeeRole; status: EmployeeStatus } | null;
}

/** A file of the archive, opened only when the archive reaches it, so one is read at a time. */
export interface ArchiveFile {
  /** Its path inside the ZIP. */
  name: string;
  /** Its content, or null when it is gone (deleted since the section listed it). */
  open(): Promise<Readable | null>;
  /** JPEG, WebP and the like: stored as they are (deflating them again costs time and saves nothing). */
  compressed: boolean;
}

export interface ArchiveSection {
  /** The section's key in data.json. */
  key: string;
  /**
   * What README.txt says about it: a catalogue id (`myDataReadme.<key>`, a server-only area), worded in the reader's language. The key
   * and the data stay as they are in every language, so a program reads any person's archive the same way.
   */
  readme: string;
  collect(context: ArchiveContext): Promise<{ data: unknown; files?: ArchiveFile[] }>;
}
