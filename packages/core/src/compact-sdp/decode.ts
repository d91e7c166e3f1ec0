import { fromBase64Url } from '../base64url.js';
import { inflateRaw } from '../deflate.js';
import { fail, ok, type Result } from '../errors.js';
import { damaged, Reader } from './bytes.js';
import { dictionary } from './dictionary.js';
import { HEX, HEXC, readField, TYPE_COUNT } from './fields.js';
import {
  AUTO,
  CODE_BASE,
  DERIVED,
  derivedSessionId,
  MAX_SDP_BYTES,
  MAX_TEXT_LENGTH,
  NEW,
  REFK,
  remember,
  VERSION,
  VERSION_DEFLATE,
  type SessionDescription,
} from './format.js';
import { lzDecode } from './lz.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Fills the slots of a template (`$` and a code character) with the fields that follow in `r`. */
function fill(template: Uint8Array, r: Reader): string {
  const history: string[][] = Array.from({ length: TYPE_COUNT }, () => []);
  // Codes are ASCII, so the template decodes as a whole; odd entries are codes.
  const parts = utf8.decode(template).split(/\$([\s\S]?)/);
  const derived: number[] = [];
  let fingerprint: string | undefined;
  let auto = 0;
  for (let i = 1; i < parts.length; i += 2) {
    if (parts[i] === '$') continue; // `$$`: a literal `$`
    const code = parts[i]!.charCodeAt(0) - CODE_BASE; // NaN for a `$` at the very end
    const [type, op] = [code >> 3, code & 7];
    if (!(code >= 0 && type < TYPE_COUNT && op <= DERIVED && (op < AUTO || type === HEX))) damaged();
    if (op === DERIVED) {
      derived.push(i);
      continue;
    }
    const h = history[type]!;
    const value =
      (op === NEW ? readField(r, type) : op === AUTO ? String(++auto) : h[op === REFK ? r.varint() : op - 1]) ??
      damaged();
    if (type === HEXC) fingerprint ??= value;
    remember(h, value);
    parts[i] = value;
  }
  for (const at of derived) parts[at] = derivedSessionId(fingerprint ?? damaged());
  return parts.join('');
}

/** The SDP text of a version 6 body (with LF line ends); throws when it is damaged. */
function semantic(body: Uint8Array): string {
  const r = new Reader(body);
  const sdp = fill(lzDecode(r, dictionary(), MAX_SDP_BYTES), r);
  return r.p < body.length || sdp.length > MAX_SDP_BYTES ? damaged() : sdp;
}

/** Decodes the bytes of the compact format; never throws. */
export async function decodeBytes(bytes: Uint8Array): Promise<Result<SessionDescription>> {
  const head = bytes[0]!;
  const version = head >> 2;
  if (version !== VERSION && version !== VERSION_DEFLATE) {
    return fail('unsupported', `compact SDP version ${version} is not supported`);
  }
  try {
    const body = bytes.subarray(1);
    const sdp = version === VERSION ? semantic(body) : utf8.decode(await inflateRaw(body, MAX_SDP_BYTES));
    return ok({ type: head & 2 ? 'answer' : 'offer', sdp: head & 1 ? sdp.replace(/\n/g, '\r\n') : sdp });
  } catch {
    return fail('bad-encoding', 'compact SDP is damaged');
  }
}

/** Decodes a compact text (whitespace from copy-paste or line wrapping is ignored); never throws. */
export async function decodeCompact(text: string): Promise<Result<SessionDescription>> {
  const bytes = typeof text === 'string' && text.length <= MAX_TEXT_LENGTH && fromBase64Url(text.replace(/\s+/g, ''));
  return bytes && bytes.length ? decodeBytes(bytes) : fail('bad-encoding', 'not a compact SDP');
}
