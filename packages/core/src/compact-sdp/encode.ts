import { toBase64Url } from '../base64url.js';
import { putVarint } from './bytes.js';
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
  VERSION_RAW,
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

/** `a` and `b` differ at most in what non-exact mode normalises: o= session id, candidate foundations. */
function sameNegotiation(a: string, b: string): boolean {
  const strip = (sdp: string): string => sdp.replace(/^(o=\S+ |a=candidate:)\d+/gm, '$1');
  return strip(a) === strip(b);
}

/** Encodes a session description to the bytes of the compact format (see format.ts). */
export function encodeBytes(desc: SessionDescription, options: CompactOptions = {}): Uint8Array {
  const { sdp } = desc;
  // CRLF when every line ends so; the template then keeps bare LFs.
  const crlf = sdp.includes('\r\n') && !/\r(?!\n)|(?<!\r)\n/.test(sdp);
  const text = crlf ? sdp.replace(/\r\n/g, '\n') : sdp;
  const head = (version: number): number => (version << 2) | (desc.type === 'answer' ? 2 : 0) | (crlf ? 1 : 0);
  const fields: number[] = [];
  const out = [head(VERSION)];
  lzEncode(out, byteString(buildTemplate(text.split('\n'), !!options.exact, fields)), dictionary());
  const packed = Uint8Array.from([...out, ...fields]);
  // Self-check: the decoder must give the input back (or, normalised, an SDP that negotiates the same).
  const back = decodeBytes(packed);
  const good =
    back.ok &&
    back.value.type === desc.type &&
    (back.value.sdp === sdp || (!options.exact && sameNegotiation(sdp, back.value.sdp)));
  // Version 4, one literal run, is the bound: the text's UTF-8 bytes plus at most 5.
  const bytes = byteString(text);
  const stored = [head(VERSION_RAW)];
  putVarint(stored, bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) stored.push(bytes.charCodeAt(i));
  stored.push(0);
  return good && packed.length < stored.length ? packed : Uint8Array.from(stored);
}

/**
 * Encodes a session description as compact base64url text; the first
 * character gives the format version. Never throws for string input.
 */
export const encodeCompact = (desc: SessionDescription, options?: CompactOptions): string =>
  toBase64Url(encodeBytes(desc, options));
