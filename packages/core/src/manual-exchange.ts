import { fromBase64Url, toBase64Url } from './base64url.js';
import { deflateRaw, inflateRaw } from './deflate.js';
import { fail, ok, type Result } from './errors.js';
import { Listeners, type SignalTransport } from './transport.js';

const PREFIX = 'P1';
const MAX_BUNDLE_BYTES = 256 * 1024;
const MAX_OUTBOX = 64;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Packs signal texts into one line: `P1` + base64url(deflate(lines)). */
export async function encodeBundle(messages: readonly string[]): Promise<string> {
  return PREFIX + toBase64Url(await deflateRaw(encoder.encode(messages.join('\n'))));
}

/** Unpacks a bundle; never throws. Whitespace (from copy-paste or line wrapping) is ignored. */
export async function decodeBundle(text: string): Promise<Result<string[]>> {
  const compact = text.replace(/\s+/g, '');
  if (!compact.startsWith(PREFIX))
    return fail('bad-encoding', `not a Parley invite (expected it to start with ${PREFIX})`);
  const bytes = fromBase64Url(compact.slice(PREFIX.length));
  if (!bytes) return fail('bad-encoding', 'the invite text is damaged (not base64url)');
  try {
    const lines = decoder.decode(await inflateRaw(bytes, MAX_BUNDLE_BYTES)).split('\n');
    return ok(lines.filter((l) => l.length > 0));
  } catch {
    return fail('bad-encoding', 'the invite text is damaged or truncated');
  }
}

/**
 * A one-shot, non-trickle exchange for copy-paste, links, QR codes and files:
 * everything one side sends up to and including its SDP becomes one text
 * ({@link nextBundle}); the other side feeds it in with {@link receive}.
 * Use it with `trickle: false`, so that candidates travel inside the SDP.
 */
export class ManualExchange implements SignalTransport {
  readonly maxMessageBytes = Infinity;
  readonly rate = undefined;
  readonly #messages = new Listeners<string>();
  readonly #outbox: string[] = [];
  readonly #bundles: string[] = [];
  readonly #waiters: Array<(bundle: string) => void> = [];

  send(text: string): void {
    // Bounded, but the session description always gets in: it closes the bundle.
    if (this.#outbox.length >= MAX_OUTBOX && !text.startsWith('SDP ')) return;
    this.#outbox.push(text);
    // The session description closes a bundle: the peer needs nothing more.
    if (text.startsWith('SDP ')) void this.#flush();
  }

  /** Resolves with the next bundle of this side's messages, as one line of text. */
  nextBundle(): Promise<string> {
    const ready = this.#bundles.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Feeds the peer's bundle. Rejects with a ParleyError when the text is not a valid bundle. */
  async receive(text: string): Promise<void> {
    const result = await decodeBundle(text);
    if (!result.ok) throw result.error;
    for (const message of result.value) this.#messages.emit(message);
  }

  onMessage(handler: (text: string) => void): () => void {
    return this.#messages.add(handler);
  }

  async #flush(): Promise<void> {
    const bundle = await encodeBundle(this.#outbox.splice(0));
    const waiter = this.#waiters.shift();
    if (waiter) waiter(bundle);
    else this.#bundles.push(bundle);
  }
}
