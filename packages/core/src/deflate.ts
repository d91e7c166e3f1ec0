// CompressionStream and Blob are platform APIs in browsers and in Node 18+.
// Both reject on invalid input: the compact SDP decoder turns that into a typed error.
async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit = Infinity) {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream).getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  for (let read; !(read = await reader.read()).done; chunks.push(read.value)) {
    // Counted as it streams: a decompression bomb stops at the limit.
    if ((total += read.value.length) > limit) {
      await reader.cancel();
      throw new RangeError(`over ${limit} bytes`);
    }
  }
  return new Uint8Array(await new Blob(chunks).arrayBuffer());
}

export const deflateRaw = (bytes: Uint8Array): Promise<Uint8Array> => pipe(bytes, new CompressionStream('deflate-raw'));

/** Inflates at most `limit` bytes (a bound against decompression bombs from the network). */
export const inflateRaw = (bytes: Uint8Array, limit: number): Promise<Uint8Array> =>
  pipe(bytes, new DecompressionStream('deflate-raw'), limit);
