import { Listeners, type SendRate, type SignalTransport } from './transport.js';

export interface MemoryTransportOptions {
  maxMessageBytes?: number;
  rate?: SendRate;
  /** Delay of each delivery in ms (0: next microtask… next macrotask). */
  latencyMs?: number;
}

/** One end of an in-memory transport pair; `sent` records every message for tests. */
export class MemoryTransport implements SignalTransport {
  readonly maxMessageBytes: number;
  readonly rate: SendRate | undefined;
  readonly sent: string[] = [];
  peer: MemoryTransport | undefined;
  readonly #messages = new Listeners<string>();
  readonly #close = new Listeners<string>();
  readonly #latencyMs: number;
  #closed = false;

  constructor(options: MemoryTransportOptions = {}) {
    this.maxMessageBytes = options.maxMessageBytes ?? Infinity;
    this.rate = options.rate;
    this.#latencyMs = options.latencyMs ?? 0;
  }

  send(text: string): void {
    if (this.#closed) return;
    this.sent.push(text);
    const peer = this.peer;
    setTimeout(() => peer?.deliver(text), this.#latencyMs);
  }

  /** Delivers `text` as if the peer had sent it (also handy to inject hostile input). */
  deliver(text: string): void {
    if (!this.#closed) this.#messages.emit(text);
  }

  onMessage(handler: (text: string) => void): () => void {
    return this.#messages.add(handler);
  }

  onClose(handler: (reason: string) => void): () => void {
    return this.#close.add(handler);
  }

  /** Simulates the peer going away (e.g. an IRC QUIT). */
  disconnect(reason = 'peer left'): void {
    this.#close.emit(reason);
  }

  close(): void {
    this.#closed = true;
  }
}

/** Two connected in-memory transports, for tests and same-process peers. */
export function createMemoryTransportPair(options: MemoryTransportOptions = {}): [MemoryTransport, MemoryTransport] {
  const a = new MemoryTransport(options);
  const b = new MemoryTransport(options);
  a.peer = b;
  b.peer = a;
  return [a, b];
}
