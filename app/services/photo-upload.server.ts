/**
 * Receiving a photo: the multipart part streams to a temporary file (never whole in memory), capped at
 * PHOTO_MAX_BYTES; then its content is judged (signature, then sharp reads the header) before anything is
 * stored. The form never carries a file path: the staged photo is returned beside the form data.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { unstable_composeUploadHandlers, unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node';
import type { Metadata } from 'sharp';
import { loadSharp } from '@shared/load-sharp';
import { PHOTO_MAX_INPUT_PIXELS } from '@shared/contracts/photo-limits';
import { SOURCE_CONTENT_TYPES, type SourceFormat } from '@shared/contracts/photo-record';
import { readFormBody } from '~/utils/form-body.server';
import { sniffImageFormat } from './photo-sniff.server';

export const PHOTO_FIELD = 'photo';

/** More of a text field than any field allows: the rest is read and dropped, and the field's own check names it. */
const TEXT_FIELD_KEEP_BYTES = 64 * 1024;

/** A photo that cannot be accepted; `message` is written for the person who chose the file. */
export class PhotoRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PhotoRejectedError';
  }
}

export interface StagedPhoto {
  path: string;
  bytes: number;
  format: SourceFormat;
  contentType: string;
  width: number;
  height: number;
  /** Removes the temporary file; safe to call twice. */
  discard(): Promise<void>;
}

export interface ParsedPhotoForm {
  formData: FormData;
  /** null when no file was chosen. */
  photo: StagedPhoto | PhotoRejectedError | null;
}

function formatMegabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

async function drain(data: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const chunk of data) void chunk;
}

/**
 * The form's text fields, each cut at `keepBytes`: a huge value then gets the same message as in a urlencoded
 * post (the field's length check), not a refusal of the whole form. Files in any field but the photo are ignored.
 */
function textFieldHandler(keepBytes: number): UploadHandler {
  return async ({ filename, data }) => {
    if (filename) {
      await drain(data);
      return undefined;
    }
    const kept: Uint8Array[] = [];
    let bytes = 0;
    for await (const chunk of data) {
      if (bytes < keepBytes) kept.push(chunk.subarray(0, keepBytes - bytes));
      bytes += chunk.byteLength;
    }
    return Buffer.concat(kept).toString('utf8');
  };
}

/**
 * Parses a multipart form whose `photo` field is a file. Other fields are kept in memory (small limit).
 * A request that is not multipart gets an empty photo and its urlencoded fields.
 */
export async function parsePhotoForm(
  request: Request,
  options: { maxBytes: number; tempDirectory?: string },
): Promise<ParsedPhotoForm> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.startsWith('multipart/form-data')) {
    return { formData: await readFormBody(request), photo: null };
  }
  const directory = options.tempDirectory ?? os.tmpdir();
  let staged: { path: string; bytes: number } | PhotoRejectedError | null = null;

  const photoHandler: UploadHandler = async ({ name, filename, data }) => {
    if (name !== PHOTO_FIELD) return undefined;
    // A second photo part, or a text field named "photo" in a hand-made request: read and ignore it.
    if (!filename || staged !== null) {
      await drain(data);
      return null;
    }
    const file = path.join(directory, `upload-${randomUUID()}`);
    const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
    let bytes = 0;
    let tooLarge = false;
    let broken: unknown = null;
    try {
      for await (const chunk of data) {
        bytes += chunk.byteLength;
        if (bytes > options.maxBytes) {
          tooLarge = true;
          continue; // keep reading so the rest of the form still parses
        }
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      }
    } catch (error) {
      broken = error; // the body broke off mid-photo (a truncated upload)
    } finally {
      await new Promise<void>((resolve) => out.end(() => resolve()));
    }
    if (broken) {
      await fs.promises.rm(file, { force: true });
      throw broken;
    }
    if (tooLarge) {
      await fs.promises.rm(file, { force: true });
      staged = new PhotoRejectedError(
        `This photo is ${formatMegabytes(bytes)}; the limit is ${formatMegabytes(options.maxBytes)}. Choose a smaller one.`,
      );
    } else if (bytes === 0) {
      await fs.promises.rm(file, { force: true });
      staged = null;
    } else {
      staged = { path: file, bytes };
    }
    return null;
  };

  let formData: FormData;
  try {
    formData = await readFormBody(request, (body) =>
      unstable_parseMultipartFormData(
        body,
        unstable_composeUploadHandlers(photoHandler, textFieldHandler(TEXT_FIELD_KEEP_BYTES)),
      ),
    );
  } catch (error) {
    // A photo staged before the body broke off must not stay behind in the temp directory.
    const partial = staged as { path: string } | PhotoRejectedError | null;
    if (partial && !(partial instanceof PhotoRejectedError)) await fs.promises.rm(partial.path, { force: true });
    throw error;
  }
  formData.delete(PHOTO_FIELD);
  const result = staged as { path: string; bytes: number } | PhotoRejectedError | null;
  if (result === null || result instanceof PhotoRejectedError) return { formData, photo: result };
  try {
    return { formData, photo: await inspectPhoto(result.path, result.bytes) };
  } catch (error) {
    await fs.promises.rm(result.path, { force: true });
    if (error instanceof PhotoRejectedError) return { formData, photo: error };
    throw error;
  }
}

/** Checks a staged file: a known image signature, a header sharp can read, and a sane pixel count. */
export async function inspectPhoto(file: string, bytes: number): Promise<StagedPhoto> {
  const handle = await fs.promises.open(file, 'r');
  const head = Buffer.alloc(64);
  try {
    await handle.read(head, 0, 64, 0);
  } finally {
    await handle.close();
  }
  const format = sniffImageFormat(head);
  if (!format) {
    throw new PhotoRejectedError('This file is not a photo we can read. Use a JPEG, PNG, WebP, AVIF or GIF image.');
  }
  let metadata: Metadata;
  try {
    const sharp = await loadSharp();
    metadata = await sharp(file, { limitInputPixels: false }).metadata();
  } catch {
    throw new PhotoRejectedError(
      format === 'heic'
        ? 'This HEIC photo cannot be read here. Export it as JPEG (on an iPhone: Settings › Camera › Formats › Most Compatible).'
        : 'This photo looks damaged and cannot be read. Try exporting it again.',
    );
  }
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  if (!width || !height) throw new PhotoRejectedError('This photo has no readable dimensions.');
  if (width * height > PHOTO_MAX_INPUT_PIXELS) {
    throw new PhotoRejectedError(
      `This image is ${width} × ${height} pixels, more than we accept (${Math.round(PHOTO_MAX_INPUT_PIXELS / 1e6)} megapixels).`,
    );
  }
  return {
    path: file,
    bytes,
    format,
    contentType: SOURCE_CONTENT_TYPES[format],
    width,
    height,
    discard: () => fs.promises.rm(file, { force: true }),
  };
}
