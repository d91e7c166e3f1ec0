/**
 * Token buckets keyed by a string (a nick, or `*` for everyone): bounds how
 * often unsolicited input from the network may cost us work or replies.
 */
export class KeyedRateLimiter {
  readonly #burst: number;
  readonly #perMinute: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #maxKeys: number;

  constructor(options: { burst: number; perMinute: number; maxKeys?: number }) {
    this.#burst = options.burst;
    this.#perMinute = options.perMinute;
    this.#maxKeys = options.maxKeys ?? 1024;
  }

  /** Takes one token for `key`; false when its bucket is empty. */
  take(key: string, now = Date.now()): boolean {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      // Bounded memory: a flood of distinct nicks evicts the oldest buckets.
      if (this.#buckets.size >= this.#maxKeys) this.#buckets.delete(this.#buckets.keys().next().value as string);
      bucket = { tokens: this.#burst, at: now };
      this.#buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.#burst, bucket.tokens + ((now - bucket.at) / 60_000) * this.#perMinute);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
