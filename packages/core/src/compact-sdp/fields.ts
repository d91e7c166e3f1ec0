import { damaged, putVarint, Reader } from './bytes.js';

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

const hexBytes = (hex: string): number[] => hex.match(/../g)!.map((h) => parseInt(h, 16));
const hex = (bytes: Uint8Array): string[] => Array.from(bytes, (b) => HEX_DIGITS[b >> 4]! + HEX_DIGITS[b & 15]!);

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
  else if (type === UUID) out.push(...hexBytes(text.replace(/-/g, '')));
  else {
    const bytes = hexBytes(text.replace(/:/g, ''));
    out.push(bytes.length, ...bytes);
  }
}

/** Reads a field of `type` and renders its text; throws when it is not valid. */
export function readField(r: Reader, type: number): string {
  if (type < PORT) {
    const [alphabet, bits] = [ALPHABETS[type]!, BITS[type]!];
    const length = r.varint();
    const bytes = r.bytes(Math.ceil((length * bits) / 8));
    let out = '';
    for (let i = 0, acc = 0, n = 0; out.length < length;) {
      if (n < bits) {
        acc = ((acc << 8) | bytes[i++]!) & 0xffff;
        n += 8;
      }
      out += alphabet[(acc >> (n -= bits)) & ((1 << bits) - 1)] ?? damaged();
    }
    return out;
  }
  if (type === PORT) {
    const [hi, lo] = r.bytes(2);
    return String((hi! << 8) | lo! || damaged());
  }
  if (type === IP4) return r.bytes(4).join('.');
  if (type === UUID)
    return hex(r.bytes(16))
      .join('')
      .replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
  return hex(r.bytes(r.varint())).join(':').toUpperCase();
}

/** Whether `text` can travel as a field of `type`: it is not empty and renders back to itself. */
export function fits(type: number, text: string): boolean {
  try {
    const out: number[] = [];
    putField(out, type, text);
    const r = new Reader(Uint8Array.from(out));
    return !!text && readField(r, type) === text && r.p === out.length;
  } catch {
    return false;
  }
}
