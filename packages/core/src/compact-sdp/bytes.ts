/** Thrown by {@link ByteReader} on malformed input; the decoder turns it into a typed result. */
export class Truncated extends Error {}

/** Grows a byte buffer: varints (LEB128, unsigned) and raw bytes. */
export class ByteWriter {
  #buf = new Uint8Array(256);
  #len = 0;

  get length(): number {
    return this.#len;
  }

  byte(b: number): void {
    if (this.#len === this.#buf.length) {
      const next = new Uint8Array(this.#buf.length * 2);
      next.set(this.#buf);
      this.#buf = next;
    }
    this.#buf[this.#len++] = b & 0xff;
  }

  bytes(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) this.byte(bytes[i]!);
  }

  /** Unsigned LEB128 of a non-negative integer (up to 2^53). */
  varint(n: number): void {
    while (n >= 0x80) {
      this.byte((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.byte(n);
  }

  /** Unsigned LEB128 of a bigint (decimal numbers of up to 64 bits). */
  bigVarint(n: bigint): void {
    while (n >= 0x80n) {
      this.byte(Number(n & 0x7fn) | 0x80);
      n >>= 7n;
    }
    this.byte(Number(n));
  }

  result(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

/** Reads what {@link ByteWriter} wrote; throws {@link Truncated} past the end or on over-long varints. */
export class ByteReader {
  #pos = 0;
  constructor(readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.#pos >= this.buf.length;
  }

  byte(): number {
    if (this.#pos >= this.buf.length) throw new Truncated('truncated');
    return this.buf[this.#pos++]!;
  }

  bytes(n: number): Uint8Array {
    if (n > this.buf.length - this.#pos) throw new Truncated('truncated');
    this.#pos += n;
    return this.buf.subarray(this.#pos - n, this.#pos);
  }

  /** A varint of at most 4 bytes (< 2^28): lengths, distances, indexes. */
  varint(): number {
    let n = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const b = this.byte();
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return n;
    }
    throw new Truncated('varint too long');
  }

  /** A varint of at most 10 bytes, as a bigint. */
  bigVarint(): bigint {
    let n = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const b = this.byte();
      n |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return n;
    }
    throw new Truncated('varint too long');
  }
}
