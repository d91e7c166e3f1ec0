import { toBase64Url } from '../base64url.js';
import { deflateRaw } from '../deflate.js';
import { decodeBytes } from './decode.js';
import { dictionary } from './dictionary.js';
import { HEX, HEXC, putField, TYPE_COUNT } from './fields.js';
import {
  AUTO,
  CODE_BASE,
  DERIVED,
  NEW,
  REF0,
  REFK,
  remember,
  VERSION,
  VERSION_DEFLATE,
  type CompactOptions,
  type SessionDescription,
} from './format.js';
import { lzEncode } from './lz.js';
import { lineParts } from './parse.js';

const encoder = new TextEncoder();
/** UTF-8 bytes of `text`, one character per byte value. */
function byteString(text: string): string {
  let out = '';
  for (const b of encoder.encode(text)) out += String.fromCharCode(b);
  return out;
}

/**
 * The template of `lines` (slots as `$` + code) and, appended to `fields`, the
 * packed values its slots need.
 */
export function buildTemplate(lines: readonly string[], exact: boolean, fields: number[]): string {
  const history: string[][] = Array.from({ length: TYPE_COUNT }, () => []);
  const foundations = new Map<string, string>();
  const parts = lines.map(lineParts);
  const derive = !exact && parts.some((line) => line.some((p) => typeof p !== 'string' && p.type === HEXC));
  const code = (type: number, op: number): string => `$${String.fromCharCode(CODE_BASE + type * 8 + op)}`;
  return parts
    .map((line) =>
      line
        .map((part) => {
          if (typeof part === 'string') return part.replace(/\$/g, '$$$$');
          const { type, role } = part;
          let { text } = part;
          if (derive && role === 'session-id') return code(HEX, DERIVED);
          const h = history[type]!;
          if (!exact && role === 'foundation') {
            const mapped = foundations.get(text);
            if (mapped === undefined) {
              foundations.set(text, String(foundations.size + 1));
              remember(h, String(foundations.size));
              return code(HEX, AUTO);
            }
            text = mapped;
          }
          const index = h.indexOf(text);
          remember(h, text);
          if (index < 0) {
            putField(fields, type, text);
            return code(type, NEW);
          }
          if (index < REFK - REF0) return code(type, REF0 + index);
          fields.push(index); // < HISTORY, so one varint byte
          return code(type, REFK);
        })
        .join(''),
    )
    .join('\n');
}

/**
 * `a` and `b` differ at most in what non-exact mode normalises: o= session id,
 * candidate foundations (the pattern of VALUES in parse.ts, on every line).
 */
function sameNegotiation(a: string, b: string): boolean {
  const strip = (sdp: string): string => sdp.replace(/(?<=^(?:a=candidate:|o=\S+ ))(\d+)/gm, '');
  return strip(a) === strip(b);
}

/**
 * Encodes a session description to the bytes of the compact format (see
 * format.ts): version 6 when it is shorter than deflate and decodes back right,
 * else version 5 (deflate).
 */
export async function encodeBytes(desc: SessionDescription, options: CompactOptions = {}): Promise<Uint8Array> {
  const { sdp } = desc;
  const answer = desc.type === 'answer' ? 2 : 0;
  // CRLF when every line ends so; the template then keeps bare LFs.
  const crlf = sdp.includes('\r\n') && !/\r(?!\n)|(?<!\r)\n/.test(sdp) ? 1 : 0;
  const fields: number[] = [];
  const out = [(VERSION << 2) | answer | crlf];
  const lines = (crlf ? sdp.replace(/\r\n/g, '\n') : sdp).split('\n');
  lzEncode(out, byteString(buildTemplate(lines, !!options.exact, fields)), dictionary());
  const packed = Uint8Array.from([...out, ...fields]);
  const deflated = await deflateRaw(encoder.encode(sdp));
  if (packed.length <= deflated.length) {
    // Self-check: the decoder must give the input back (or, normalised, an SDP that negotiates the same).
    const back = await decodeBytes(packed);
    if (back.ok && (back.value.sdp === sdp || (!options.exact && sameNegotiation(sdp, back.value.sdp)))) return packed;
  }
  return Uint8Array.from([(VERSION_DEFLATE << 2) | answer, ...deflated]);
}

/**
 * Encodes a session description as compact base64url text; the first
 * character gives the format version. Never rejects for string input.
 */
export const encodeCompact = async (desc: SessionDescription, options?: CompactOptions): Promise<string> =>
  toBase64Url(await encodeBytes(desc, options));
