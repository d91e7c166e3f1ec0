import { type ByteReader, ByteWriter, Truncated } from './bytes.js';

/**
 * LZ77 over bytes with a preset dictionary (the static text of common browser
 * SDPs): a stream of varints, `0` ends, `2n` is a run of n literal bytes that
 * follow, `2(len-MIN)+1` is a copy of len bytes from `distance` back (a varint
 * that follows, minus one), looking into the dictionary before the output.
 */
const MIN_MATCH = 4;
const HASH_BITS = 14;
const MAX_CHAIN = 96;

const hash4 = (b: Uint8Array, i: number): number =>
  (Math.imul((b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0, 2654435761) >>> 0) >>>
  (32 - HASH_BITS);

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    size++;
  }
  return size;
}

/** Compresses `input` against `dict`, appending the op stream (ended by 0) to `w`. */
export function lzEncode(w: ByteWriter, input: Uint8Array, dict: Uint8Array): void {
  const buf = new Uint8Array(dict.length + input.length);
  buf.set(dict);
  buf.set(input, dict.length);
  const head = new Int32Array(1 << HASH_BITS).fill(-1);
  const prev = new Int32Array(buf.length);
  const insert = (i: number): void => {
    if (i + MIN_MATCH > buf.length) return;
    const h = hash4(buf, i);
    prev[i] = head[h]!;
    head[h] = i;
  };
  for (let i = 0; i < dict.length; i++) insert(i);

  const longest = (pos: number): [number, number] => {
    let bestLen = 0;
    let bestDist = 0;
    if (pos + MIN_MATCH > buf.length) return [0, 0];
    let cand = head[hash4(buf, pos)]!;
    for (let chain = 0; cand >= 0 && chain < MAX_CHAIN; chain++, cand = prev[cand]!) {
      let len = 0;
      while (pos + len < buf.length && buf[cand + len] === buf[pos + len]) len++;
      if (len > bestLen) {
        bestLen = len;
        bestDist = pos - cand;
      }
    }
    return [bestLen, bestDist];
  };
  const worth = (len: number, dist: number): boolean =>
    len >= MIN_MATCH && varintSize((len - MIN_MATCH) * 2 + 1) + varintSize(dist - 1) < len;

  let literalStart = dict.length;
  const flush = (end: number): void => {
    if (end > literalStart) {
      w.varint((end - literalStart) * 2);
      w.bytes(buf.subarray(literalStart, end));
    }
  };
  let pos = dict.length;
  while (pos < buf.length) {
    const [len, dist] = longest(pos);
    if (!worth(len, dist)) {
      insert(pos++);
      continue;
    }
    // One step of lazy matching: a longer match at the next byte wins.
    const [nextLen, nextDist] = longest(pos + 1);
    if (worth(nextLen, nextDist) && nextLen > len + 1) {
      insert(pos++);
      continue;
    }
    flush(pos);
    w.varint((len - MIN_MATCH) * 2 + 1);
    w.varint(dist - 1);
    for (let i = 0; i < len; i++) insert(pos + i);
    pos += len;
    literalStart = pos;
  }
  flush(pos);
  w.varint(0);
}

/** Reads an op stream; the output never grows past `limit` bytes. Throws {@link Truncated} when invalid. */
export function lzDecode(r: ByteReader, dict: Uint8Array, limit: number): Uint8Array {
  let out = new Uint8Array(1024);
  let len = 0;
  const ensure = (extra: number): void => {
    if (len + extra > limit) throw new Truncated('too long');
    if (len + extra <= out.length) return;
    const next = new Uint8Array(Math.min(limit, Math.max(out.length * 2, len + extra)));
    next.set(out.subarray(0, len));
    out = next;
  };
  for (;;) {
    const op = r.varint();
    if (op === 0) return out.slice(0, len);
    if (op % 2 === 0) {
      const n = op / 2;
      ensure(n);
      out.set(r.bytes(n), len);
      len += n;
      continue;
    }
    const n = (op - 1) / 2 + MIN_MATCH;
    const dist = r.varint() + 1;
    if (dist > dict.length + len) throw new Truncated('copy before the start');
    ensure(n);
    for (let i = 0; i < n; i++) {
      const from = len - dist;
      out[len] = from >= 0 ? out[from]! : dict[dict.length + from]!;
      len++;
    }
  }
}
