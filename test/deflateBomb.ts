import { constants, createDeflateRaw } from 'node:zlib';

const MB = 1 << 20;

/**
 * A deflate bomb: raw deflate data that inflates to `megabytes` MB of spaces, about 1000:1. The second
 * MB's compressed block is back references only, so each copy of it adds another MB.
 */
export async function deflateBomb(megabytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const deflater = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflater.on('data', (b: Buffer) => out.push(b));
  const flushed = (chunk: Buffer) => new Promise<Buffer>((resolve) => {
    deflater.write(chunk);
    deflater.flush(constants.Z_SYNC_FLUSH, () => resolve(Buffer.concat(out.splice(0))));
  });
  const spaces = Buffer.alloc(MB, 0x20);
  const head = await flushed(spaces);
  const repeated = await flushed(spaces);
  deflater.close();
  // The closing block: final, fixed codes, end of block at once.
  const bomb = Buffer.concat([head, ...new Array<Buffer>(megabytes - 1).fill(repeated), Buffer.from([0x03, 0x00])]);
  return new Uint8Array(bomb);
}

/** The share-link code of raw bytes (base64url, as the lab writes it). */
export const linkCode = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
