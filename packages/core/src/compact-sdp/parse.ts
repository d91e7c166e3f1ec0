import { B64, fits, HEX, HEXC, IP4, IP6, PORT, UUID } from './fields.js';

/**
 * The SDP lines model: each line becomes literal text and slots (typed values
 * that change per session). Anything no rule recognises stays literal text, so
 * nothing is ever dropped: unknown attributes, simulcast, odd ordering, future
 * browsers all come back as they were.
 */
export interface Slot {
  type: number;
  text: string;
  /** What the value means, for the values that non-exact mode normalises. */
  role?: 'session-id' | 'foundation';
}

export type Part = string | Slot;

const slot = (type: number, text: string, role?: Slot['role']): Part[] => [{ type, text, ...(role && { role }) }];
const maybe = (type: number, text: string, role?: Slot['role']): Part[] =>
  fits(type, text) ? slot(type, text, role) : [text];

/** An address: IPv4, IPv6, an mDNS name (`<uuid>.local`), or literal (`0.0.0.0` stays literal). */
function address(text: string): Part[] {
  const mdns = /^(.{36})\.local$/.exec(text)?.[1];
  if (mdns && fits(UUID, mdns)) return [...slot(UUID, mdns), '.local'];
  if (text === '0.0.0.0' || text === '::') return [text];
  return fits(IP4, text) ? slot(IP4, text) : maybe(IP6, text);
}

/** A port, unless it is the placeholder port 9 that browsers write. */
const port = (text: string): Part[] => (text === '9' ? [text] : maybe(PORT, text));
/** ICE credentials, CNAMEs: lowercase hex (Firefox) or base64 characters (Chromium, Safari). */
const token = (text: string): Part[] => (fits(HEX, text) ? slot(HEX, text) : maybe(B64, text));

/** Stream and track ids: UUIDs (bare or in braces, as Firefox writes them), long base64 ids, or literal. */
function id(text: string): Part[] {
  const braced = /^\{(.+)\}$/.exec(text)?.[1];
  if (braced && fits(UUID, braced)) return ['{', ...slot(UUID, braced), '}'];
  if (fits(UUID, text)) return slot(UUID, text);
  return text.length > 7 ? maybe(B64, text) : [text];
}

const ids = (text: string): Part[] => text.split(' ').flatMap((t, i) => (i ? [' ', ...id(t)] : id(t)));

/** Lines no rule knows: lowercase UUIDs anywhere are still packed. */
const generic = (line: string): Part[] =>
  line.split(/([\da-f]{8}(?:-[\da-f]{4}){3}-[\da-f]{12})/).flatMap((t, i) => (i % 2 ? slot(UUID, t) : [t]));

type Rule = [RegExp, (m: string[]) => Part[]];

const RULES: Rule[] = [
  [
    /^(a=candidate:)(\d+)( \d+ \S+ \d+ )(\S+) (\d+)( typ \S+)(?: raddr (\S+) rport (\d+))?(.*)$/,
    ([, a, foundation, b, addr, p, type, raddr, rport, rest]) => [
      a!,
      ...maybe(HEX, foundation!, 'foundation'),
      b!,
      ...address(addr!),
      ' ',
      ...port(p!),
      type!,
      ...(raddr ? [' raddr ', ...address(raddr), ' rport ', ...(rport === '0' ? ['0'] : port(rport!))] : []),
      ...generic(rest!),
    ],
  ],
  [/^(a=ice-(?:ufrag|pwd):)(\S+)$/, ([, a, t]) => [a!, ...token(t!)]],
  [/^(a=fingerprint:\S+ )(\S+)$/, ([, a, f]) => [a!, ...maybe(HEXC, f!)]],
  [
    /^(o=\S+ )(\d+) (\d+)( IN IP[46] \S+)$/,
    ([, a, id, version, b]) => [
      a!,
      ...maybe(HEX, id!, 'session-id'),
      ' ',
      ...(version!.length > 2 ? maybe(HEX, version!) : [version!]),
      b!,
    ],
  ],
  [/^(m=\S+ )(\d+)(.*)$/, ([, a, p, b]) => [a!, ...port(p!), b!]],
  [/^(c=IN IP[46] |a=rtcp:9 IN IP[46] )(\S+)$/, ([, a, addr]) => [a!, ...address(addr!)]],
  [
    /^(a=ssrc:)(\d+)( cname:)(\S+)$/,
    ([, a, ssrc, b, cname]) => [a!, ...maybe(HEX, ssrc!), b!, ...(cname![0] === '{' ? id(cname!) : token(cname!))],
  ],
  [/^(a=ssrc:)(\d+)( \S+:)(.*)$/, ([, a, ssrc, b, value]) => [a!, ...maybe(HEX, ssrc!), b!, ...ids(value!)]],
  [
    /^(a=ssrc-group:\S+)((?: \d+)+)$/,
    ([, a, list]) => [a!, ...list!.split(' ').flatMap((n, i) => (i ? [' ', ...maybe(HEX, n)] : []))],
  ],
  [/^(a=msid:|a=msid-semantic: ?WMS )(.+)$/, ([, a, list]) => [a!, ...ids(list!)]],
];

/** Splits one SDP line (without its line ending) into literal text and slots. */
export function lineParts(line: string): Part[] {
  for (const [re, build] of RULES) {
    const m = re.exec(line);
    if (m) return build(m);
  }
  return generic(line);
}
