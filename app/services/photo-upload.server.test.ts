/**
 * Receiving photos from a real multipart request: streamed to disk under a cap, judged by content.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { parsePhotoForm, PhotoRejectedError, type StagedPhoto } from './photo-upload.server';

function multipartRequest(parts: Array<{ name: string; value: string | Buffer; filename?: string; type?: string }>) {
  const form = new FormData();
  for (const part of parts) {
    if (part.filename)
      form.append(
        part.name,
        new Blob([part.value as BlobPart], { type: part.type ?? 'application/octet-stream' }),
        part.filename,
      );
    else form.append(part.name, part.value as string);
  }
  return new Request('http://localhost/join', { method: 'POST', body: form });
}

const MB = 1024 * 1024;

async function jpeg(width = 64, height = 48) {
  return sharp({ create: { width, height, channels: 3, background: '#3366aa' } })
    .jpeg()
    .toBuffer();
}

/** A PNG whose header declares 30000 x 30000 pixels but whose data is a few kilobytes: a decompression bomb. */
function pixelBombPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buffer: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(30_000, 0);
  header.writeUInt32BE(30_000, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const rows = zlib.deflateSync(Buffer.alloc(30_001 * 16)); // only the first rows; decoding would need 900 MP
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', rows),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('receiving a photo upload', () => {
  it('stages a real JPEG with its format and size, and keeps the other fields', async () => {
    const body = await jpeg(640, 480);
    const { formData, photo } = await parsePhotoForm(
      multipartRequest([
        { name: 'firstName', value: 'Ada' },
        { name: 'photo', value: body, filename: 'me.jpg', type: 'image/jpeg' },
      ]),
      { maxBytes: 15 * MB },
    );
    expect(formData.get('firstName')).toBe('Ada');
    expect(formData.get('photo')).toBeNull();
    const staged = photo as StagedPhoto;
    expect(staged).toMatchObject({
      format: 'jpeg',
      contentType: 'image/jpeg',
      width: 640,
      height: 480,
      bytes: body.length,
    });
    expect(fs.readFileSync(staged.path).equals(body)).toBe(true);
    await staged.discard();
    expect(fs.existsSync(staged.path)).toBe(false);
  });

  it('judges by content: a PNG named .jpg is a PNG, a text file named .jpg is refused', async () => {
    const png = await sharp({ create: { width: 10, height: 10, channels: 4, background: '#fff0' } })
      .png()
      .toBuffer();
    const asPng = await parsePhotoForm(
      multipartRequest([{ name: 'photo', value: png, filename: 'x.jpg', type: 'image/jpeg' }]),
      {
        maxBytes: MB,
      },
    );
    expect((asPng.photo as StagedPhoto).format).toBe('png');
    await (asPng.photo as StagedPhoto).discard();

    const text = await parsePhotoForm(
      multipartRequest([
        { name: 'photo', value: 'hello, I am not a photo', filename: 'photo.jpg', type: 'image/jpeg' },
      ]),
      { maxBytes: MB },
    );
    expect(text.photo).toBeInstanceOf(PhotoRejectedError);
    expect((text.photo as PhotoRejectedError).message).toMatch(/not a photo we can read/);
  });

  it('refuses a file over the size cap with the sizes in the message, and still parses the rest of the form', async () => {
    const big = Buffer.concat([await jpeg(), Buffer.alloc(3 * MB)]);
    const { formData, photo } = await parsePhotoForm(
      multipartRequest([
        { name: 'photo', value: big, filename: 'big.jpg' },
        { name: 'lastName', value: 'Lovelace' },
      ]),
      { maxBytes: 2 * MB },
    );
    expect(photo).toBeInstanceOf(PhotoRejectedError);
    expect((photo as Error).message).toBe('This photo is 3 MB; the limit is 2 MB. Choose a smaller one.');
    expect(formData.get('lastName')).toBe('Lovelace');
  });

  it('refuses a pixel bomb from its header, without decoding it', async () => {
    const bomb = pixelBombPng();
    expect(bomb.length).toBeLessThan(100_000);
    const { photo } = await parsePhotoForm(multipartRequest([{ name: 'photo', value: bomb, filename: 'bomb.png' }]), {
      maxBytes: MB,
    });
    expect(photo).toBeInstanceOf(PhotoRejectedError);
    expect((photo as Error).message).toMatch(/30000 × 30000 pixels/);
  });

  it('refuses a truncated JPEG whose header cannot be read', async () => {
    const body = (await jpeg()).subarray(0, 20);
    const { photo } = await parsePhotoForm(multipartRequest([{ name: 'photo', value: body, filename: 'cut.jpg' }]), {
      maxBytes: MB,
    });
    expect(photo).toBeInstanceOf(PhotoRejectedError);
  });

  it('treats an empty file input as no photo, and ignores a forged text field named photo', async () => {
    const empty = await parsePhotoForm(multipartRequest([{ name: 'photo', value: Buffer.alloc(0), filename: '' }]), {
      maxBytes: MB,
    });
    expect(empty.photo).toBeNull();
    const forged = await parsePhotoForm(multipartRequest([{ name: 'photo', value: '/etc/passwd' }]), { maxBytes: MB });
    expect(forged.photo).toBeNull();
    expect(forged.formData.get('photo')).toBeNull();
  });
});
