import { fromBase64Url } from '../base64url.js';
import { fail, ok, type Result } from '../errors.js';
import { Damaged, Reader } from './bytes.js';
import { dictionary } from './encode.js';
import { HEX, HEXC, readField, TYPE_COUNT } from './fields.js';
import {
  AUTO,
  CODE_BASE,
  DERIVED,
  derivedSessionId,
  ESC,
  MAX_SDP_BYTES,
  MAX_TEXT_LENGTH,
  NEW,
  REFK,
  remember,
  VERSION,
  VERSION_RAW,
  type SessionDescription,
} from './format.js';
import { lzDecode } from './lz.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Fills the slots of a template with the fields that follow in `r`. */
function fill(template: Uint8Array, r: Reader): string {
  const history: string[][] = Array.from({ length: TYPE_COUNT }, () => []);
  const pieces: string[] = [];
  const derived: number[] = [];
  let fingerprint: string | undefined;
  let auto = 0;
  let start = 0;
  for (let i = 0; i < template.length; i++) {
    if (template[i] !== ESC) continue;
    pieces.push(utf8.decode(template.subarray(start, i)));
    const code = template[++i]! - CODE_BASE;
    start = i + 1;
    if (code === ESC - CODE_BASE) {
      pieces.push('$');
      continue;
    }
    const [type, op] = [code >> 3, code & 7];
    if (!(code >= 0 && type < TYPE_COUNT && op <= DERIVED && (op < AUTO || type === HEX))) {
      throw new Damaged('unknown slot');
    }
    if (op === DERIVED) {
      derived.push(pieces.push('') - 1);
      continue;
    }
    const h = history[type]!;
    const index = op === REFK ? r.varint() : op - 1;
    const value = op === NEW ? readField(r, type) : op === AUTO ? String(++auto) : h[index];
    if (value === undefined) throw new Damaged('reference to nothing');
    if (type === HEXC) fingerprint ??= value;
    remember(h, value);
    pieces.push(value);
  }
  pieces.push(utf8.decode(template.subarray(start)));
  for (const at of derived) {
    if (fingerprint === undefined) throw new Damaged('session id without a fingerprint');
    pieces[at] = derivedSessionId(fingerprint);
  }
  return pieces.join('');
}

/** Decodes the bytes of the compact format; never throws. */
export function decodeBytes(bytes: Uint8Array): Result<SessionDescription> {
  const head = bytes[0] ?? 0;
  const version = head >> 2;
  if (!bytes.length) return fail('bad-encoding', 'compact SDP is empty');
  if (version !== VERSION && version !== VERSION_RAW) {
    return fail('unsupported', `compact SDP format version ${version} is not supported (this version reads 1 and 2)`);
  }
  try {
    const r = new Reader(bytes.subarray(1));
    const template = lzDecode(r, dictionary(), MAX_SDP_BYTES);
    let sdp = version === VERSION ? fill(template, r) : utf8.decode(template);
    if (r.p !== r.b.length) return fail('bad-encoding', 'compact SDP has trailing data');
    if (sdp.length > MAX_SDP_BYTES) return fail('bad-encoding', 'compact SDP expands too far');
    if (head & 1) sdp = sdp.replace(/\n/g, '\r\n');
    return ok({ type: head & 2 ? 'answer' : 'offer', sdp });
  } catch (error) {
    const why = error instanceof Damaged ? error.message : 'not UTF-8';
    return fail('bad-encoding', `compact SDP is damaged (${why})`);
  }
}

/** Decodes a compact text (whitespace from copy-paste or line wrapping is ignored); never throws. */
export function decodeCompact(text: string): Result<SessionDescription> {
  if (typeof text !== 'string') return fail('bad-encoding', 'compact SDP is not text');
  if (text.length > MAX_TEXT_LENGTH) return fail('bad-encoding', 'compact SDP is too long');
  const bytes = fromBase64Url(text.replace(/\s+/g, ''));
  if (!bytes) return fail('bad-encoding', 'compact SDP is not base64url text');
  return decodeBytes(bytes);
}
