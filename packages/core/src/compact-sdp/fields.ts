import { ByteReader, ByteWriter, Truncated } from './bytes.js';

/**
 * Typed fields: the values that differ from one session to the next (ports,
 * addresses, ICE credentials, fingerprints, ids) travel as packed bytes, not
 * text. Each type renders back to exactly one text; the encoder only extracts
 * a token when that text is the token itself.
 */
export const NUM = 0; // decimal integer < 2^64, no leading zeros: varint
export const PORT = 1; // 1..65535: 2 bytes
export const IP4 = 2; // dotted quad: 4 bytes
export const IP6 = 3; // RFC 5952 text: 16 bytes
export const UUID = 4; // lowercase 8-4-4-4-12: 16 bytes
export const UUIDU = 5; // uppercase 8-4-4-4-12: 16 bytes
export const HEXC = 6; // uppercase colon hex (fingerprints): count + bytes
export const B64 = 7; // [A-Za-z0-9+/]: length + 6 bits a character
export const HEX = 8; // lowercase hex: length + 4 bits a character
export const TYPE_COUNT = 9;

const B64_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const HEX_CHARS = '0123456789abcdef';
const MAX_TOKEN = 256;
const IP4_PART = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IP4_RE = new RegExp(`^${IP4_PART}(?:\\.${IP4_PART}){3}$`);
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUIDU_RE = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const HEXC_RE = /^[0-9A-F]{2}(?::[0-9A-F]{2}){0,63}$/;
const B64_RE = /^[A-Za-z0-9+/]{1,256}$/;
const HEX_RE = /^[0-9a-f]{1,256}$/;
const NUM_RE = /^(?:0|[1-9]\d{0,19})$/;

/** Whether `text` can travel as a field of `type` and render back to itself. */
export function fits(type: number, text: string): boolean {
  switch (type) {
    case NUM:
      return NUM_RE.test(text) && BigInt(text) < 2n ** 64n;
    case PORT:
      return /^[1-9]\d{0,4}$/.test(text) && Number(text) <= 65535;
    case IP4:
      return IP4_RE.test(text);
    case IP6: {
      const bytes = parseIp6(text);
      return bytes !== undefined && renderIp6(bytes) === text;
    }
    case UUID:
      return UUID_RE.test(text);
    case UUIDU:
      return UUIDU_RE.test(text);
    case HEXC:
      return HEXC_RE.test(text);
    case B64:
      return B64_RE.test(text);
    case HEX:
      return HEX_RE.test(text);
    default:
      return false;
  }
}

function packChars(w: ByteWriter, text: string, alphabet: string, bits: number): void {
  w.varint(text.length);
  let acc = 0;
  let n = 0;
  for (const c of text) {
    acc = (acc << bits) | alphabet.indexOf(c);
    n += bits;
    while (n >= 8) {
      n -= 8;
      w.byte(acc >> n);
    }
    acc &= (1 << n) - 1;
  }
  if (n > 0) w.byte(acc << (8 - n));
}

function unpackChars(r: ByteReader, alphabet: string, bits: number): string {
  const length = r.varint();
  if (length < 1 || length > MAX_TOKEN) throw new Truncated('bad token length');
  const bytes = r.bytes(Math.ceil((length * bits) / 8));
  let out = '';
  let acc = 0;
  let n = 0;
  let i = 0;
  while (out.length < length) {
    if (n < bits) {
      acc = ((acc << 8) | bytes[i++]!) & 0xffff;
      n += 8;
    }
    n -= bits;
    out += alphabet[(acc >> n) & ((1 << bits) - 1)]!;
  }
  return out;
}

function hexBytes(hex: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < hex.length; i += 2) out.push(parseInt(hex.slice(i, i + 2), 16));
  return out;
}

const hex2 = (b: number): string => b.toString(16).padStart(2, '0');

function renderUuid(bytes: Uint8Array): string {
  const h = Array.from(bytes, hex2).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The 16 bytes of an IPv6 address in plain hex-group notation (no embedded IPv4); undefined otherwise. */
export function parseIp6(text: string): Uint8Array | undefined {
  if (!/^[0-9a-f:]{2,39}$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const g = all[i]!;
    if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined;
    const v = parseInt(g, 16);
    out[i * 2] = v >> 8;
    out[i * 2 + 1] = v & 0xff;
  }
  return out;
}

/** RFC 5952 text of 16 bytes: lowercase, no leading zeros, the longest run of 2+ zero groups as `::`. */
export function renderIp6(bytes: Uint8Array): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((bytes[i * 2]! << 8) | bytes[i * 2 + 1]!);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = (xs: number[]): string => xs.map((x) => x.toString(16)).join(':');
  return best < 0 ? hex(g) : `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}

/** Writes `text` (which {@link fits} `type`) as packed bytes. */
export function writeField(w: ByteWriter, type: number, text: string): void {
  switch (type) {
    case NUM:
      return w.bigVarint(BigInt(text));
    case PORT: {
      const n = Number(text);
      return w.bytes([n >> 8, n & 0xff]);
    }
    case IP4:
      return w.bytes(text.split('.').map(Number));
    case IP6:
      return w.bytes(parseIp6(text)!);
    case UUID:
    case UUIDU:
      return w.bytes(hexBytes(text.replace(/-/g, '')));
    case HEXC: {
      const bytes = hexBytes(text.replace(/:/g, ''));
      w.varint(bytes.length);
      return w.bytes(bytes);
    }
    case B64:
      return packChars(w, text, B64_CHARS, 6);
    case HEX:
      return packChars(w, text, HEX_CHARS, 4);
  }
}

/** Reads a field of `type` and renders its text; throws {@link Truncated} when it is not valid. */
export function readField(r: ByteReader, type: number): string {
  switch (type) {
    case NUM: {
      const n = r.bigVarint();
      if (n >= 2n ** 64n) throw new Truncated('number too large');
      return n.toString();
    }
    case PORT: {
      const [hi, lo] = r.bytes(2);
      const n = (hi! << 8) | lo!;
      if (n === 0) throw new Truncated('port 0');
      return String(n);
    }
    case IP4:
      return Array.from(r.bytes(4)).join('.');
    case IP6:
      return renderIp6(r.bytes(16));
    case UUID:
      return renderUuid(r.bytes(16));
    case UUIDU:
      return renderUuid(r.bytes(16)).toUpperCase();
    case HEXC: {
      const n = r.varint();
      if (n < 1 || n > 64) throw new Truncated('bad fingerprint length');
      return Array.from(r.bytes(n), (b) => hex2(b).toUpperCase()).join(':');
    }
    case B64:
      return unpackChars(r, B64_CHARS, 6);
    case HEX:
      return unpackChars(r, HEX_CHARS, 4);
    default:
      throw new Truncated('unknown field type');
  }
}
