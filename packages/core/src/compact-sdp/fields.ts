import { Damaged, putVarint, type Reader } from './bytes.js';

/**
 * Field types: the values that change from one session to the next travel as
 * packed bytes. Each type renders back to exactly one text, and the encoder
 * only takes a token out of a line when it {@link fits} (renders to itself).
 */
export const HEX = 0; // [0-9a-f]+, so decimal numbers too: 4 bits a character
export const B64 = 1; // [A-Za-z0-9+/]+ (ICE credentials, CNAMEs, ids): 6 bits a character
export const IP6 = 2; // [0-9a-f:.]+ (IPv6 addresses): 5 bits a character
export const PORT = 3; // 1..65535: 2 bytes
export const IP4 = 4; // dotted quad: 4 bytes
export const UUID = 5; // lowercase 8-4-4-4-12: 16 bytes
export const HEXC = 6; // uppercase hex bytes with colons (fingerprints): count + bytes
export const TYPE_COUNT = 7;

const HEX_DIGITS = '0123456789abcdef';
const ALPHABETS = [HEX_DIGITS, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', `${HEX_DIGITS}:.`];
const BITS = [4, 6, 5];
const BYTE = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const SHAPES = [
  /^[1-9]\d{0,4}$/,
  new RegExp(`^${BYTE}(\\.${BYTE}){3}$`),
  /^[\da-f]{8}(-[\da-f]{4}){3}-[\da-f]{12}$/,
  /^[\dA-F]{2}(:[\dA-F]{2}){0,63}$/,
];

/** Whether `text` can travel as a field of `type` and render back to itself. */
export function fits(type: number, text: string): boolean {
  if (type < PORT) return text.length > 0 && text.length < 256 && [...text].every((c) => ALPHABETS[type]!.includes(c));
  return SHAPES[type - PORT]!.test(text) && (type !== PORT || +text < 65536);
}

const hexToBytes = (hex: string): number[] => hex.match(/../g)!.map((h) => parseInt(h, 16));
const byteHex = (b: number): string => HEX_DIGITS[b >> 4]! + HEX_DIGITS[b & 15]!;

/** Appends `text` (which {@link fits} `type`) as packed bytes. */
export function putField(out: number[], type: number, text: string): void {
  if (type < PORT) {
    const [alphabet, bits] = [ALPHABETS[type]!, BITS[type]!];
    putVarint(out, text.length);
    let acc = 0;
    let n = 0;
    for (const c of text) {
      acc = ((acc << bits) | alphabet.indexOf(c)) & 0xffff;
      for (n += bits; n >= 8;) out.push((acc >> (n -= 8)) & 255);
    }
    if (n > 0) out.push((acc << (8 - n)) & 255);
  } else if (type === PORT) out.push(+text >> 8, +text & 255);
  else if (type === IP4) out.push(...text.split('.').map(Number));
  else if (type === UUID) out.push(...hexToBytes(text.replace(/-/g, '')));
  else {
    const bytes = hexToBytes(text.replace(/:/g, ''));
    out.push(bytes.length, ...bytes);
  }
}

/** Reads a field of `type` and renders its text; throws {@link Damaged} when it is not valid. */
export function readField(r: Reader, type: number): string {
  if (type < PORT) {
    const [alphabet, bits] = [ALPHABETS[type]!, BITS[type]!];
    const length = r.varint();
    if (length < 1 || length > 255) throw new Damaged('bad length');
    const bytes = r.bytes(Math.ceil((length * bits) / 8));
    let out = '';
    for (let i = 0, acc = 0, n = 0; out.length < length;) {
      if (n < bits) {
        acc = ((acc << 8) | bytes[i++]!) & 0xffff;
        n += 8;
      }
      const c = alphabet[(acc >> (n -= bits)) & ((1 << bits) - 1)];
      if (c === undefined) throw new Damaged('bad character');
      out += c;
    }
    return out;
  }
  if (type === PORT) {
    const [hi, lo] = r.bytes(2);
    if (!(hi! | lo!)) throw new Damaged('port 0');
    return String((hi! << 8) | lo!);
  }
  if (type === IP4) return r.bytes(4).join('.');
  if (type === UUID) {
    const h = Array.from(r.bytes(16), byteHex).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  const count = r.varint();
  if (count < 1 || count > 64) throw new Damaged('bad fingerprint');
  return Array.from(r.bytes(count), byteHex).join(':').toUpperCase();
}
