/** Thrown while reading a damaged compact text; the decoder turns any error into a typed result. */
export const damaged = (): never => {
  throw new RangeError('damaged');
};

/** Appends the unsigned LEB128 varint of `n` (a non-negative integer) to `out`. */
export function putVarint(out: number[], n: number): void {
  for (; n > 127; n = Math.floor(n / 128)) out.push((n % 128) | 128);
  out.push(n);
}

/** A cursor over bytes that throws instead of reading past the end. */
export class Reader {
  p = 0;
  constructor(readonly b: Uint8Array) {}

  bytes(n: number): Uint8Array {
    if (n > this.b.length - this.p) damaged();
    return this.b.subarray(this.p, (this.p += n));
  }

  /** A varint below 2^28 (lengths, distances, indexes). */
  varint(): number {
    let n = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const byte = this.bytes(1)[0]!;
      n += (byte & 127) * 2 ** shift;
      if (byte < 128) return n;
    }
    return damaged();
  }
}
