import { ParleyError } from './errors.js';

// CompressionStream and Blob are platform APIs in browsers and in Node 18+.
async function pipe(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
  limit: number,
): Promise<Uint8Array> {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream).getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  for (let read; !(read = await reader.read()).done; chunks.push(read.value)) {
    // Counted as it streams: a decompression bomb stops at the limit.
    if ((total += read.value.length) > limit) {
      await reader.cancel();
      throw new ParleyError('bad-encoding', `inflated data exceeds ${limit} bytes`);
    }
  }
  return new Uint8Array(await new Blob(chunks).arrayBuffer());
}

export function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  return pipe(bytes, new CompressionStream('deflate-raw'), Infinity);
}

/** Inflates at most `limit` bytes (a bound against decompression bombs from the network). */
export async function inflateRaw(bytes: Uint8Array, limit: number): Promise<Uint8Array> {
  try {
    return await pipe(bytes, new DecompressionStream('deflate-raw'), limit);
  } catch (error) {
    throw error instanceof ParleyError ? error : new ParleyError('bad-encoding', 'not valid deflate', { cause: error });
  }
}
