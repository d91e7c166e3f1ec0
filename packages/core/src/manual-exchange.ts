import { fromBase64Url, toBase64Url } from './base64url.js';
import { putVarint, Reader } from './compact-sdp/bytes.js';
import { decodeBytes } from './compact-sdp/decode.js';
import { encodeBytes } from './compact-sdp/encode.js';
import { fail, ok, type Result } from './errors.js';
import { decodeSignal } from './signal-codec.js';
import { Listeners, type SignalTransport } from './transport.js';

const PREFIX = 'P2';
const MAX_OUTBOX = 64;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const DAMAGED = 'the invite text is damaged or cut short';

/**
 * Packs signal texts into one line: `P2` + base64url of records: `0 len text`
 * for a signal, `1 idLen id kind len compactSdp-bytes` for an SDP (default
 * mode; idLen 0: the call id of the record before).
 */
export async function encodeBundle(messages: readonly string[]): Promise<string> {
  const out: number[] = [];
  let lastId = '';
  for (const message of messages) {
    const signal = message.startsWith('SDP ') ? await decodeSignal(message) : undefined;
    const sdp = signal?.ok && signal.value.type === 'sdp' ? signal.value : undefined;
    let bytes: Uint8Array = encoder.encode(message);
    if (sdp) {
      // The call id is usually that of the signal before (INVITE, ACCEPT): then it is left out (length 0).
      const id = sdp.callId === lastId ? [] : [...encoder.encode(sdp.callId)];
      out.push(1, id.length, ...id, sdp.kind === 'offer' ? 0 : 1);
      bytes = await encodeBytes({ type: sdp.kind, sdp: sdp.sdp });
    } else out.push(0);
    lastId = sdp?.callId ?? message.split(' ')[1] ?? '';
    putVarint(out, bytes.length);
    for (const b of bytes) out.push(b);
  }
  return PREFIX + toBase64Url(Uint8Array.from(out));
}

async function decodeRecords(bytes: Uint8Array): Promise<Result<string[]>> {
  const r = new Reader(bytes);
  const lines: string[] = [];
  let lastId = '';
  try {
    while (r.p < bytes.length) {
      const [tag] = r.bytes(1);
      if (tag === 0) {
        const line = decoder.decode(r.bytes(r.varint()));
        lastId = line.split(' ')[1] ?? '';
        lines.push(line);
        continue;
      }
      if (tag !== 1) throw new RangeError('unknown record');
      const id = decoder.decode(r.bytes(r.bytes(1)[0]!)) || lastId;
      if (!id) throw new RangeError('no call id');
      lastId = id;
      const kind = r.bytes(1)[0] === 0 ? 'offer' : 'answer';
      const sdp = r.bytes(r.varint());
      const check = await decodeBytes(sdp);
      if (!check.ok || check.value.type !== kind) throw new RangeError('bad session description');
      lines.push(`SDP ${id} ${kind[0]} c ${toBase64Url(sdp)}`);
    }
  } catch {
    return fail('bad-encoding', DAMAGED);
  }
  return ok(lines.filter((l) => l.length > 0));
}

/** Unpacks a `P2` bundle; never throws. Whitespace (from copy-paste or line wrapping) is ignored. */
export async function decodeBundle(text: string): Promise<Result<string[]>> {
  const compact = text.replace(/\s+/g, '');
  if (!compact.startsWith(PREFIX))
    return fail('bad-encoding', `not a Parley invite (expected it to start with ${PREFIX})`);
  const bytes = fromBase64Url(compact.slice(2));
  return bytes ? decodeRecords(bytes) : fail('bad-encoding', DAMAGED);
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
