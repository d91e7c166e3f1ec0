import { B64, fits, HEX, HEXC, IP4, IP6, NUM, PORT, UUID, UUIDU } from './fields.js';

/**
 * The SDP lines model: each line becomes literal text and typed slots. What a
 * rule does not recognise stays literal, so nothing is ever dropped.
 */

/** A value taken out of a line: its field type, its text, and what it means (for normalisation). */
export interface Slot {
  type: number;
  text: string;
  role?: 'session-id' | 'foundation';
}

export type Part = string | Slot;

/** The escape byte of templates: `$` + code is a slot, `$$` a literal `$`. */
export const ESC = 0x24;
/** Slot operations: a new value, a value used before (by recency), or a value the decoder works out. */
export const NEW = 0;
export const REF0 = 1;
export const REF1 = 2;
export const REF2 = 3;
export const REFK = 4;
export const AUTO = 5; // next candidate foundation: 1, 2, 3…
export const DERIVED = 6; // o= session id worked out from the DTLS fingerprint
export const CODE_BASE = 0x30;
export const slotCode = (type: number, op: number): number => CODE_BASE + type * 8 + op;

const slot = (type: number, text: string, role?: Slot['role']): Slot => (role ? { type, text, role } : { type, text });

/** An address: IPv4, IPv6, an mDNS name (`<uuid>.local`), or literal text. `0.0.0.0` stays literal. */
function address(text: string): Part[] {
  if (text === '0.0.0.0' || text === '::') return [text];
  if (fits(IP4, text)) return [slot(IP4, text)];
  if (fits(IP6, text)) return [slot(IP6, text)];
  const mdns = /^(.{36})\.local$/.exec(text);
  if (mdns && fits(UUID, mdns[1]!)) return [slot(UUID, mdns[1]!), '.local'];
  return [text];
}

/** A port: packed unless it is one of the placeholder ports (0, 9) browsers write. */
function port(text: string): Part[] {
  return text !== '9' && fits(PORT, text) ? [slot(PORT, text)] : [text];
}

function number(text: string, role?: Slot['role']): Part[] {
  return fits(NUM, text) ? [slot(NUM, text, role)] : [text];
}

/** ICE credentials and CNAMEs: lowercase hex (Firefox), base64 characters (Chromium, Safari), or literal. */
function token(text: string): Part[] {
  if (fits(HEX, text)) return [slot(HEX, text)];
  if (fits(B64, text)) return [slot(B64, text)];
  return [text];
}

/** Stream and track ids: UUIDs (bare or in braces, as Firefox writes them), long base64 ids, or literal. */
function id(text: string): Part[] {
  const braced = /^\{(.*)\}$/.exec(text);
  if (braced && (fits(UUID, braced[1]!) || fits(UUIDU, braced[1]!))) return ['{', ...id(braced[1]!), '}'];
  if (fits(UUID, text)) return [slot(UUID, text)];
  if (fits(UUIDU, text)) return [slot(UUIDU, text)];
  if (text.length >= 8 && fits(B64, text)) return [slot(B64, text)];
  return [text];
}

const ids = (text: string): Part[] => text.split(' ').flatMap((t, i) => (i === 0 ? id(t) : [' ', ...id(t)]));

const UUID_ANYWHERE = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;

/** Lines no rule knows: UUIDs anywhere are still packed. */
function generic(line: string): Part[] {
  const out: Part[] = [];
  let last = 0;
  for (const m of line.matchAll(UUID_ANYWHERE)) {
    const text = m[0];
    const type = fits(UUID, text) ? UUID : fits(UUIDU, text) ? UUIDU : -1;
    if (type < 0) continue;
    out.push(line.slice(last, m.index), slot(type, text));
    last = m.index + text.length;
  }
  out.push(line.slice(last));
  return out;
}

function candidate(m: RegExpExecArray): Part[] {
  const [, foundation, rest, addr, p, type, tail] = m as unknown as string[];
  const out: Part[] = ['a=candidate:', ...number(foundation!, 'foundation'), rest!, ...address(addr!), ' '];
  out.push(...port(p!), ' typ ', type!);
  const related = /^ raddr (\S+) rport (\d+)(.*)$/.exec(tail!);
  let after = tail!;
  if (related) {
    out.push(' raddr ', ...address(related[1]!), ' rport ', ...port(related[2]!));
    after = related[3]!;
  }
  const ufrag = /^(.* ufrag )(\S+)(.*)$/.exec(after);
  if (ufrag) out.push(ufrag[1]!, ...token(ufrag[2]!), ufrag[3]!);
  else out.push(after);
  return out;
}

type Rule = [RegExp, (m: RegExpExecArray) => Part[]];

const RULES: Rule[] = [
  [/^a=candidate:(\S+)( \d+ \S+ \d+ )(\S+) (\d+) typ (\S+)(.*)$/, candidate],
  [/^a=(ice-ufrag|ice-pwd):(\S+)$/, (m) => [`a=${m[1]}:`, ...token(m[2]!)]],
  [/^a=fingerprint:(\S+) (\S+)$/, (m) => [`a=fingerprint:${m[1]} `, ...(fits(HEXC, m[2]!) ? [slot(HEXC, m[2]!)] : [m[2]!])]],
  [
    /^o=(\S+) (\d+) (\d+)( IN IP[46] \S+)$/,
    (m) => [`o=${m[1]} `, ...number(m[2]!, 'session-id'), ' ', ...(m[3]!.length > 2 ? number(m[3]!) : [m[3]!]), m[4]!],
  ],
  [/^m=(\S+) (\d+)(.*)$/, (m) => [`m=${m[1]} `, ...port(m[2]!), m[3]!]],
  [/^c=(IN IP[46]) (\S+)$/, (m) => [`c=${m[1]} `, ...address(m[2]!)]],
  [/^a=rtcp:(\d+)( IN IP[46] )(\S+)$/, (m) => ['a=rtcp:', ...port(m[1]!), m[2]!, ...address(m[3]!)]],
  [
    /^a=ssrc:(\d+) ([\w-]+):(.*)$/,
    (m) => {
      const value = m[2] === 'cname' ? (/^\{.*\}$/.test(m[3]!) ? id(m[3]!) : token(m[3]!)) : ids(m[3]!);
      return ['a=ssrc:', ...number(m[1]!), ` ${m[2]}:`, ...value];
    },
  ],
  [
    /^a=ssrc-group:(\S+)((?: \d+)+)$/,
    (m) => [`a=ssrc-group:${m[1]}`, ...m[2]!.slice(1).split(' ').flatMap((n) => [' ', ...number(n)])],
  ],
  [/^a=msid:(.*)$/, (m) => ['a=msid:', ...ids(m[1]!)]],
  [/^a=msid-semantic:( ?WMS )(.+)$/, (m) => ['a=msid-semantic:', m[1]!, ...ids(m[2]!)]],
];

/** Splits one SDP line (no line ending) into literal text and slots. */
export function lineParts(line: string): Part[] {
  for (const [re, build] of RULES) {
    const m = re.exec(line);
    if (m) return build(m);
  }
  return generic(line);
}
