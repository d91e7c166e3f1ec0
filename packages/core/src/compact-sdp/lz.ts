import { damaged, putVarint, type Reader } from './bytes.js';

/**
 * LZ77 with a preset dictionary (the static text of common browser SDPs). A
 * stream of varints: `0` ends it, `2n` is a run of n literal bytes that
 * follow, `2(len - 4) + 1` copies len bytes from `distance` back (a varint
 * that follows, minus one), looking through the dictionary before the output.
 */
const MIN_MATCH = 4;
const varintSize = (n: number): number => (n < 128 ? 1 : n < 16384 ? 2 : 3);

/**
 * Compresses `input` against `dict` (both strings of byte values, 0-255),
 * appending the op stream to `out`. Greedy: the longest of the nearest 32
 * matches.
 */
export function lzEncode(out: number[], input: string, dict: string): void {
  const all = dict + input;
  let literals = dict.length;
  const flush = (end: number): void => {
    if (end === literals) return;
    putVarint(out, (end - literals) * 2);
    for (let i = literals; i < end; i++) out.push(all.charCodeAt(i));
  };
  for (let pos = dict.length; pos < all.length;) {
    const gram = all.substr(pos, MIN_MATCH);
    let [len, dist] = [0, 0];
    for (let at = all.lastIndexOf(gram, pos - 1), tries = 32; gram.length === MIN_MATCH && at >= 0 && tries--;) {
      let n = MIN_MATCH;
      while (pos + n < all.length && all[at + n] === all[pos + n]) n++;
      if (n > len) [len, dist] = [n, pos - at];
      at = at ? all.lastIndexOf(gram, at - 1) : -1;
    }
    if (varintSize(len * 2) + varintSize(dist) >= len) {
      pos++;
      continue;
    }
    flush(pos);
    putVarint(out, (len - MIN_MATCH) * 2 + 1);
    putVarint(out, dist - 1);
    literals = pos += len;
  }
  flush(all.length);
  out.push(0);
}

/** Reads an op stream; the output never grows past `limit` bytes. Throws when invalid. */
export function lzDecode(r: Reader, dict: string, limit: number): Uint8Array {
  const out: number[] = [];
  for (let op = r.varint(); op; op = r.varint()) {
    const copy = op & 1;
    const n = copy ? (op >> 1) + MIN_MATCH : op / 2;
    const from = copy ? out.length - r.varint() - 1 : 0;
    if (out.length + n > limit || -from > dict.length) damaged();
    if (!copy) for (const b of r.bytes(n)) out.push(b);
    for (let i = 0; copy && i < n; i++)
      out.push(from + i < 0 ? dict.charCodeAt(dict.length + from + i) : out[from + i]!);
  }
  return Uint8Array.from(out);
}
