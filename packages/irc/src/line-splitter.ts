import { MAX_IRC_LINE_BYTES } from './irc-message.js';

const LF = 0x0a;

/**
 * Turns a byte stream (TCP reads, cut anywhere) into lines. A line may arrive
 * over many reads and a read may hold many lines; a multi-byte character cut
 * between reads is reassembled before decoding. Memory is bounded: a line
 * longer than `maxLineBytes` is dropped whole (reported through `onOverflow`)
 * instead of being buffered, since no IRC server sends one.
 */
export class LineSplitter {
  readonly #maxLineBytes: number;
  readonly #onLine: (line: string) => void;
  readonly #onOverflow: ((droppedBytes: number) => void) | undefined;
  readonly #decoder = new TextDecoder('utf-8');
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  /** Bytes of an over-long line being skipped until its LF; -1 when not skipping. */
  #skipping = -1;

  constructor(
    onLine: (line: string) => void,
    options: { maxLineBytes?: number; onOverflow?: (droppedBytes: number) => void } = {},
  ) {
    this.#onLine = onLine;
    this.#maxLineBytes = options.maxLineBytes ?? MAX_IRC_LINE_BYTES;
    this.#onOverflow = options.onOverflow;
  }

  /** Bytes held for an unfinished line. */
  get buffered(): number {
    return this.#pendingBytes;
  }

  push(chunk: Uint8Array): void {
    let start = 0;
    while (start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      const end = lf < 0 ? chunk.length : lf;
      this.#take(chunk.subarray(start, end));
      if (lf < 0) return;
      this.#finishLine();
      start = lf + 1;
    }
  }

  #take(part: Uint8Array): void {
    if (this.#skipping >= 0) {
      this.#skipping += part.length;
      return;
    }
    // The line includes its CR, so allow one byte for it.
    if (this.#pendingBytes + part.length > this.#maxLineBytes + 1) {
      this.#skipping = this.#pendingBytes + part.length;
      this.#pending = [];
      this.#pendingBytes = 0;
      return;
    }
    if (part.length) {
      // Copy: the caller may reuse its buffer.
      this.#pending.push(part.slice());
      this.#pendingBytes += part.length;
    }
  }

  #finishLine(): void {
    if (this.#skipping >= 0) {
      const dropped = this.#skipping;
      this.#skipping = -1;
      this.#onOverflow?.(dropped);
      return;
    }
    const bytes = new Uint8Array(this.#pendingBytes);
    let offset = 0;
    for (const part of this.#pending) {
      bytes.set(part, offset);
      offset += part.length;
    }
    this.#pending = [];
    this.#pendingBytes = 0;
    // Invalid UTF-8 (legacy Latin-1 clients) decodes to U+FFFD rather than failing the line.
    const line = this.#decoder.decode(bytes).replace(/\r$/, '');
    if (line !== '') this.#onLine(line);
  }
}
