import { fromBase64Url } from '../base64url.js';
import { fail, ok, type Result } from '../errors.js';
import { damaged, Reader } from './bytes.js';
import { dictionary } from './dictionary.js';
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
    if (!(code >= 0 && type < TYPE_COUNT && op <= DERIVED && (op < AUTO || type === HEX))) damaged();
    if (op === DERIVED) {
      derived.push(pieces.push('') - 1);
      continue;
    }
    const h = history[type]!;
    const value =
      (op === NEW ? readField(r, type) : op === AUTO ? String(++auto) : h[op === REFK ? r.varint() : op - 1]) ??
      damaged();
    if (type === HEXC) fingerprint ??= value;
    remember(h, value);
    pieces.push(value);
  }
  pieces.push(utf8.decode(template.subarray(start)));
  for (const at of derived) pieces[at] = derivedSessionId(fingerprint ?? damaged());
  return pieces.join('');
}

/** Decodes the bytes of the compact format; never throws. */
export function decodeBytes(bytes: Uint8Array): Result<SessionDescription> {
  const head = bytes[0]!;
  const version = head >> 2;
  if (version !== VERSION && version !== VERSION_RAW) {
    return fail('unsupported', `compact SDP format version ${version} is not supported`);
  }
  try {
    const r = new Reader(bytes.subarray(1));
    const template = lzDecode(r, dictionary(), MAX_SDP_BYTES);
    const sdp = version === VERSION ? fill(template, r) : utf8.decode(template);
    if (r.p < r.b.length || sdp.length > MAX_SDP_BYTES) damaged();
    return ok({ type: head & 2 ? 'answer' : 'offer', sdp: head & 1 ? sdp.replace(/\n/g, '\r\n') : sdp });
  } catch {
    return fail('bad-encoding', 'compact SDP is damaged');
  }
}

/** Decodes a compact text (whitespace from copy-paste or line wrapping is ignored); never throws. */
export function decodeCompact(text: string): Result<SessionDescription> {
  const bytes = typeof text === 'string' && text.length <= MAX_TEXT_LENGTH && fromBase64Url(text.replace(/\s+/g, ''));
  return bytes && bytes.length ? decodeBytes(bytes) : fail('bad-encoding', 'not a compact SDP');
}
