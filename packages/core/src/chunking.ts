import { fail, ok, type Result } from './errors.js';
import { randomId } from './ids.js';

/**
 * Messages longer than a transport's limit travel as chunks:
 * `~<msgid> <index>/<total> <part>` (index from 1). Signal texts are ASCII, so
 * characters and bytes agree.
 */
const CHUNK_PATTERN = /^~([A-Za-z0-9_-]{4,16}) (\d{1,4})\/(\d{1,4}) (.*)$/s;

/** Splits `text` into chunks of at most `maxBytes`, or returns it whole when it fits. */
export function splitMessage(text: string, maxBytes: number): string[] {
  if (text.length <= maxBytes) return [text];
  const id = randomId(4);
  // Header size grows with the digit count of total; assume 4 digits each.
  const room = maxBytes - (1 + id.length + 1 + 4 + 1 + 4 + 1);
  const total = Math.ceil(text.length / room);
  if (room < 16 || total > 9999) {
    throw new RangeError(`cannot split ${text.length} characters into chunks of ${maxBytes} bytes`);
  }
  return Array.from({ length: total }, (_, i) => `~${id} ${i + 1}/${total} ${text.slice(i * room, (i + 1) * room)}`);
}

export function isChunk(text: string): boolean {
  return text.startsWith('~');
}

export interface ChunkAssemblerOptions {
  /** Largest reassembled message. */
  maxBytes?: number;
  /** Most messages being reassembled at once; the oldest is dropped past it. */
  maxPending?: number;
  /** A partial message is dropped when its next chunk is this late. */
  timeoutMs?: number;
}

interface Pending {
  parts: Array<string | undefined>;
  received: number;
  bytes: number;
  lastAt: number;
}

/** Reassembles chunked messages with bounded memory and time. Never throws. */
export class ChunkAssembler {
  readonly #pending = new Map<string, Pending>();
  readonly #maxBytes: number;
  readonly #maxPending: number;
  readonly #timeoutMs: number;

  constructor(options: ChunkAssemblerOptions = {}) {
    this.#maxBytes = options.maxBytes ?? 256 * 1024;
    this.#maxPending = options.maxPending ?? 8;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
  }

  get pending(): number {
    return this.#pending.size;
  }

  /**
   * Feeds one chunk. Resolves to the whole message once complete, to
   * `undefined` while parts are missing, or to a typed error.
   */
  push(text: string, now = Date.now()): Result<string | undefined> {
    this.expire(now);
    const [, id = '', indexText, totalText, part = ''] = CHUNK_PATTERN.exec(text) ?? [];
    const index = Number(indexText);
    const total = Number(totalText);
    // Without a match, index and total are NaN and fail here too.
    if (!(index >= 1 && index <= total)) return fail('malformed-signal', 'malformed chunk header');
    let entry = this.#pending.get(id);
    if (!entry) {
      // Map keys are in insertion order: the first is the oldest.
      if (this.#pending.size >= this.#maxPending) this.#pending.delete(this.#pending.keys().next().value!);
      entry = { parts: new Array<string | undefined>(total), received: 0, bytes: 0, lastAt: now };
      this.#pending.set(id, entry);
    }
    if (entry.parts.length !== total) {
      this.#pending.delete(id);
      return fail('malformed-signal', 'chunk total changed mid-message');
    }
    if (entry.parts[index - 1] !== undefined) return ok(undefined); // duplicate: ignore
    entry.bytes += part.length;
    if (entry.bytes > this.#maxBytes) {
      this.#pending.delete(id);
      return fail('chunk-overflow', `chunked message exceeds ${this.#maxBytes} bytes`);
    }
    entry.parts[index - 1] = part;
    entry.received++;
    entry.lastAt = now;
    if (entry.received < total) return ok(undefined);
    this.#pending.delete(id);
    return ok(entry.parts.join(''));
  }

  /** Drops partial messages whose next chunk is overdue; returns how many. */
  expire(now = Date.now()): number {
    let dropped = 0;
    for (const [id, entry] of this.#pending) {
      if (now - entry.lastAt > this.#timeoutMs) {
        this.#pending.delete(id);
        dropped++;
      }
    }
    return dropped;
  }
}
