/** How fast a transport may send: a burst, then a steady rate (messages). */
export interface SendRate {
  /** Messages that may go at once after a quiet period. */
  burst: number;
  /** Messages per second after the burst. */
  perSecond: number;
  /**
   * Optionally a byte budget as well (UTF-8 bytes of the texts): IRC servers
   * disconnect a client whose unread input grows too large, whatever the
   * number of lines. A text larger than the byte burst goes alone, once the
   * byte bucket is full.
   */
  bytes?: { burst: number; perSecond: number } | undefined;
}

/**
 * The one thing Parley needs from a chat channel: send text to one peer and
 * hear text from it. The transport declares its limits and the core fits its
 * messages to them (chunking above `maxMessageBytes`, pacing to `rate`).
 */
export interface SignalTransport {
  /** Largest text of one message in UTF-8 bytes; `Infinity` when unbounded. */
  readonly maxMessageBytes: number;
  /** Send budget; undefined when the transport needs no pacing. */
  readonly rate?: SendRate | undefined;
  send(text: string): void | Promise<void>;
  /** Registers the receiver of the peer's messages; returns an unsubscribe function. */
  onMessage(handler: (text: string) => void): () => void;
  /** Optional: registers a handler for the peer going away (left, quit, renamed). */
  onClose?(handler: (reason: string) => void): () => void;
  close?(): void;
}

/** A small helper for transports: a set of handlers with subscribe and emit. */
export class Listeners<T> {
  readonly #handlers = new Set<(value: T) => void>();
  add(handler: (value: T) => void): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }
  /** Calls every handler; one that throws does not stop the others (its error is rethrown asynchronously). */
  emit(value: T): void {
    for (const handler of [...this.#handlers]) {
      try {
        handler(value);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
  get size(): number {
    return this.#handlers.size;
  }
}
