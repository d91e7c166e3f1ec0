import { createInterface, type Interface } from 'node:readline';

const MAX_QUEUED = 1000;

/**
 * Lines of stdin: first pulled one at a time (the peer's text), then pushed
 * to a handler (the chat). Lines that arrive in between are kept in order.
 */
export class StdinLines {
  readonly #rl: Interface;
  readonly #queue: string[] = [];
  #waiter: ((line: string | undefined) => void) | undefined;
  #handler: ((line: string) => void) | undefined;
  #onEnd: (() => void) | undefined;
  #ended = false;
  #onEnded: () => void = () => undefined;
  /** Resolves at the end of input, whether or not lines are being forwarded. */
  readonly ended = new Promise<void>((resolve) => (this.#onEnded = resolve));

  constructor(input: NodeJS.ReadableStream) {
    this.#rl = createInterface({ input, crlfDelay: Infinity, terminal: false });
    this.#rl.on('line', (line) => this.#push(line));
    this.#rl.on('close', () => {
      this.#ended = true;
      this.#onEnded();
      this.#waiter?.(undefined);
      this.#waiter = undefined;
      this.#onEnd?.();
    });
  }

  /** The next line with something on it, or undefined at the end of input. */
  async nextNonEmpty(): Promise<string | undefined> {
    for (;;) {
      this.#rl.resume();
      const line =
        this.#queue.shift() ??
        (this.#ended ? undefined : await new Promise<string | undefined>((r) => (this.#waiter = r)));
      if (line === undefined || line.trim() !== '') return line?.trim();
    }
  }

  /** From now on, every line goes to `handler`; `onEnd` runs at the end of input (at once if it has come). */
  forward(handler: (line: string) => void, onEnd: () => void): void {
    this.#handler = handler;
    this.#rl.resume();
    for (const line of this.#queue.splice(0)) handler(line);
    if (this.#ended) onEnd();
    else this.#onEnd = onEnd;
  }

  /** Stops forwarding: lines are kept again (in order, bounded) until the next {@link forward}. */
  stopForwarding(): void {
    this.#handler = undefined;
    this.#onEnd = undefined;
  }

  /** Whether the input ended and every line was taken. */
  get exhausted(): boolean {
    return this.#ended && this.#queue.length === 0;
  }

  close(): void {
    this.#handler = undefined;
    this.#onEnd = undefined;
    this.#rl.close();
  }

  #push(line: string): void {
    if (this.#handler) return this.#handler(line);
    if (this.#waiter) {
      const waiter = this.#waiter;
      this.#waiter = undefined;
      return waiter(line);
    }
    this.#queue.push(line);
    // Bounded: stop reading until someone takes lines.
    if (this.#queue.length >= MAX_QUEUED) this.#rl.pause();
  }
}
