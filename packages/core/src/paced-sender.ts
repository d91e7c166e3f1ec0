import type { SendRate } from './transport.js';

export type Priority = 'control' | 'bulk';

/**
 * A token bucket with two queues: call control goes before bulk (SDP,
 * candidates), and nothing goes faster than the transport's declared budget.
 */
export class PacedSender {
  readonly #rate: SendRate | undefined;
  readonly #send: (text: string) => void | Promise<void>;
  readonly #queues: Record<Priority, string[]> = { control: [], bulk: [] };
  #tokens: number;
  #lastRefill: number;
  #timer: ReturnType<typeof setTimeout> | undefined;

  readonly #onError: (error: unknown) => void;

  constructor(
    rate: SendRate | undefined,
    send: (text: string) => void | Promise<void>,
    onError: (error: unknown) => void = () => undefined,
  ) {
    this.#rate = rate;
    this.#send = send;
    this.#onError = onError;
    this.#tokens = rate?.burst ?? Infinity;
    this.#lastRefill = Date.now();
  }

  /** Messages waiting for budget. */
  get queued(): number {
    return this.#queues.control.length + this.#queues.bulk.length;
  }

  enqueue(texts: readonly string[], priority: Priority): void {
    this.#queues[priority].push(...texts);
    this.#drain();
  }

  /** Drops everything queued (e.g. when the call ends). */
  clear(): void {
    this.#queues.control.length = 0;
    this.#queues.bulk.length = 0;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #refill(): void {
    if (!this.#rate) return;
    const now = Date.now();
    this.#tokens = Math.min(this.#rate.burst, this.#tokens + ((now - this.#lastRefill) / 1000) * this.#rate.perSecond);
    this.#lastRefill = now;
  }

  #drain(): void {
    if (this.#timer !== undefined) return;
    this.#refill();
    while (this.queued > 0 && this.#tokens >= 1) {
      const text = this.#queues.control.shift() ?? this.#queues.bulk.shift();
      if (text === undefined) break;
      this.#tokens -= 1;
      void Promise.resolve()
        .then(() => this.#send(text))
        .catch(this.#onError);
    }
    if (this.queued > 0 && this.#rate) {
      const waitMs = Math.ceil(((1 - this.#tokens) / this.#rate.perSecond) * 1000);
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#drain();
      }, waitMs);
    }
  }
}
