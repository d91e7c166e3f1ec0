import { fromBase64Url } from '../base64url.js';
import { fail, ok, type Result } from '../errors.js';
import { ByteReader, Truncated } from './bytes.js';
import { HEXC, NUM, readField, TYPE_COUNT } from './fields.js';
import { lzDecode } from './lz.js';
import { AUTO, CODE_BASE, DERIVED, ESC, NEW, REF0, REFK } from './template.js';
import { dictionary, HISTORY, remember, VERSION, VERSION_RAW } from './encode.js';
import type { SessionDescription } from './types.js';

/** Largest SDP a compact text may expand to. */
export const MAX_COMPACT_SDP_BYTES = 128 * 1024;
/** Longest compact text accepted. */
export const MAX_COMPACT_LENGTH = 64 * 1024;

const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** The `o=` session id the encoder left out: 62 bits of the first DTLS fingerprint. */
export function derivedSessionId(fingerprint: string): string {
  const bytes = fingerprint.split(':').slice(0, 8);
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(parseInt(b, 16));
  n >>= 2n + BigInt(8 * (8 - bytes.length));
  return (n === 0n ? 1n : n).toString();
}

function fill(template: Uint8Array, r: ByteReader): string {
  const history: string[][] = Array.from({ length: TYPE_COUNT }, () => []);
  const pieces: string[] = [];
  const derived: number[] = [];
  let fingerprint: string | undefined;
  let auto = 1;
  let start = 0;
  const literal = (end: number): void => {
    if (end > start) pieces.push(textDecoder.decode(template.subarray(start, end)));
  };
  for (let i = 0; i < template.length; i++) {
    if (template[i] !== ESC) continue;
    literal(i);
    const code = template[++i];
    if (code === undefined) throw new Truncated('escape at the end');
    start = i + 1;
    if (code === ESC) {
      pieces.push('$');
      continue;
    }
    const type = (code - CODE_BASE) >> 3;
    const op = (code - CODE_BASE) & 7;
    if (code < CODE_BASE || type >= TYPE_COUNT) throw new Truncated('unknown slot');
    const h = history[type]!;
    let value: string;
    if (op === NEW) value = readField(r, type);
    else if (op >= REF0 && op <= REFK) {
      const index = op === REFK ? r.varint() : op - REF0;
      if (index >= h.length || index >= HISTORY) throw new Truncated('reference to nothing');
      value = h[index]!;
    } else if (op === AUTO && type === NUM) value = String(auto++);
    else if (op === DERIVED && type === NUM) {
      derived.push(pieces.length);
      pieces.push('');
      continue;
    } else throw new Truncated('unknown slot');
    if (type === HEXC) fingerprint ??= value;
    remember(h, value);
    pieces.push(value);
  }
  literal(template.length);
  if (derived.length > 0) {
    if (fingerprint === undefined) throw new Truncated('session id without a fingerprint');
    for (const at of derived) pieces[at] = derivedSessionId(fingerprint);
  }
  return pieces.join('');
}

/** Decodes the bytes of a compact text; never throws. */
export function decodeBytes(bytes: Uint8Array): Result<SessionDescription> {
  if (bytes.length === 0) return fail('bad-encoding', 'compact SDP is empty');
  const version = bytes[0]! >> 2;
  if (version !== VERSION && version !== VERSION_RAW) {
    return fail('unsupported', `compact SDP format version ${version} is not supported (this version reads 1 and 2)`);
  }
  try {
    const r = new ByteReader(bytes.subarray(1));
    const template = lzDecode(r, dictionary(), MAX_COMPACT_SDP_BYTES);
    let sdp = version === VERSION ? fill(template, r) : textDecoder.decode(template);
    if (!r.done) return fail('bad-encoding', 'compact SDP has trailing data');
    if (sdp.length > MAX_COMPACT_SDP_BYTES) return fail('bad-encoding', 'compact SDP expands too far');
    if (bytes[0]! & 1) sdp = sdp.replace(/\n/g, '\r\n');
    return ok({ type: bytes[0]! & 2 ? 'answer' : 'offer', sdp });
  } catch (error) {
    if (error instanceof Truncated || error instanceof TypeError || error instanceof RangeError) {
      return fail('bad-encoding', `compact SDP is damaged (${error instanceof Truncated ? error.message : 'bad text'})`);
    }
    return fail('bad-encoding', 'compact SDP is damaged');
  }
}

/** Decodes a compact text (whitespace from copy-paste or line wrapping is ignored); never throws. */
export function decodeCompact(text: string): Result<SessionDescription> {
  if (typeof text !== 'string') return fail('bad-encoding', 'compact SDP is not text');
  const compact = text.replace(/\s+/g, '');
  if (compact.length > MAX_COMPACT_LENGTH) return fail('bad-encoding', 'compact SDP is too long');
  const bytes = fromBase64Url(compact);
  if (!bytes) return fail('bad-encoding', 'compact SDP is not base64url text');
  return decodeBytes(bytes);
}
