import { toBase64Url } from '../base64url.js';
import { ByteWriter } from './bytes.js';
import { DICTIONARY } from './dictionary.js';
import { HEXC, NUM, TYPE_COUNT, writeField } from './fields.js';
import { lzEncode } from './lz.js';
import {
  AUTO,
  DERIVED,
  ESC,
  lineParts,
  NEW,
  REF0,
  REF1,
  REF2,
  REFK,
  slotCode,
  type Part,
} from './template.js';
import { decodeBytes } from './decode.js';
import type { CompactOptions, SessionDescription } from './types.js';

/** Format versions: the first character of the text (base64url of `version << 2 | flags`). */
export const VERSION = 1; // 'B': template + typed fields
export const VERSION_RAW = 2; // 'C': the text as it is (no slots), for inputs where slots do not pay
/** Recently used values remembered per field type. */
export const HISTORY = 64;

const encoder = new TextEncoder();
let dictBytes: Uint8Array | undefined;
export const dictionary = (): Uint8Array => (dictBytes ??= encoder.encode(DICTIONARY));

function escapeText(text: string): string {
  return text.replace(/\$/g, '$$$$');
}

/** Builds the template text (slots as `$`+code) and the field bytes of `lines`. */
export function buildTemplate(lines: readonly string[], exact: boolean, fields: ByteWriter): string {
  const history: string[][] = Array.from({ length: TYPE_COUNT }, () => []);
  const foundations = new Map<string, string>();
  const parts: Part[][] = lines.map(lineParts);
  const hasFingerprint = parts.some((line) => line.some((p) => typeof p !== 'string' && p.type === HEXC));
  let auto = 1;
  let out = '';
  const code = (type: number, op: number): string => `$${String.fromCharCode(slotCode(type, op))}`;
  for (let l = 0; l < parts.length; l++) {
    if (l > 0) out += '\n';
    for (const part of parts[l]!) {
      if (typeof part === 'string') {
        out += escapeText(part);
        continue;
      }
      let { text } = part;
      const { type, role } = part;
      if (!exact && role === 'session-id' && hasFingerprint) {
        out += code(NUM, DERIVED);
        continue;
      }
      const h = history[type]!;
      if (!exact && role === 'foundation') {
        const mapped = foundations.get(text);
        if (mapped === undefined) {
          text = String(auto++);
          foundations.set(part.text, text);
          out += code(NUM, AUTO);
          remember(h, text);
          continue;
        }
        text = mapped;
      }
      const index = h.indexOf(text);
      if (index < 0) {
        out += code(type, NEW);
        writeField(fields, type, text);
      } else if (index <= 2) {
        out += code(type, [REF0, REF1, REF2][index]!);
      } else {
        out += code(type, REFK);
        fields.varint(index);
      }
      remember(h, text);
    }
  }
  return out;
}

/** Moves `value` to the front of a history list (bounded). */
export function remember(h: string[], value: string): void {
  const at = h.indexOf(value);
  if (at >= 0) h.splice(at, 1);
  h.unshift(value);
  if (h.length > HISTORY) h.pop();
}

function header(version: number, type: SessionDescription['type'], crlf: boolean): number {
  return (version << 2) | (type === 'answer' ? 2 : 0) | (crlf ? 1 : 0);
}

function pack(version: number, desc: SessionDescription, crlf: boolean, template: string, fields?: ByteWriter) {
  const w = new ByteWriter();
  w.byte(header(version, desc.type, crlf));
  lzEncode(w, encoder.encode(template), dictionary());
  if (fields) w.bytes(fields.result());
  return w.result();
}

/** Splits the text into lines; `crlf` when every line ends in CRLF (then the template keeps bare LFs). */
function lines(sdp: string): { crlf: boolean; text: string } {
  const crlf = sdp.includes('\r\n') && !/\r(?!\n)|(?<!\r)\n/.test(sdp);
  return { crlf, text: crlf ? sdp.replace(/\r\n/g, '\n') : sdp };
}

/** Whether `decoded` is `original` up to what non-exact mode normalises (o= session id, candidate foundations). */
function sameNegotiation(original: string, decoded: string): boolean {
  const a = original.split('\n');
  const b = decoded.split('\n');
  if (a.length !== b.length) return false;
  const strip = (line: string): string =>
    line.replace(/^(o=\S+ )\d+/, '$1').replace(/^(a=candidate:)\d+/, '$1');
  return a.every((line, i) => line === b[i] || strip(line) === strip(b[i]!));
}

/** Encodes to bytes (see {@link encodeCompact} for the text form). */
export function encodeBytes(desc: SessionDescription, options: CompactOptions = {}): Uint8Array {
  const exact = options.exact ?? false;
  const { crlf, text } = lines(desc.sdp);
  const raw = pack(VERSION_RAW, desc, crlf, text);
  // Control characters other than CR, LF and tab never occur in SDP; such input travels as it is.
  if (/[\0-\x08\x0b\x0c\x0e-\x1f]/.test(text)) return raw;
  const fields = new ByteWriter();
  const template = buildTemplate(text.split('\n'), exact, fields);
  const packed = pack(VERSION, desc, crlf, template, fields);
  // Self-check: what the decoder makes of it must be the input (or, normalised, negotiate the same).
  const back = decodeBytes(packed);
  const good =
    back.ok &&
    back.value.type === desc.type &&
    (back.value.sdp === desc.sdp || (!exact && sameNegotiation(desc.sdp, back.value.sdp)));
  return good && packed.length < raw.length ? packed : raw;
}

/**
 * Encodes a session description as compact base64url text. The first
 * character gives the format version. Never throws for string input.
 */
export function encodeCompact(desc: SessionDescription, options?: CompactOptions): string {
  return toBase64Url(encodeBytes(desc, options));
}
