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

/** How a value is split into literal text and slots. */
type Kind = (text: string) => Part[];

/** Any text: lowercase UUIDs in it (stream and track ids, bare or in braces; mDNS names) are packed. */
const generic: Kind = (text) =>
  text
    .split(/([\da-f]{8}(?:-[\da-f]{4}){3}-[\da-f]{12})/)
    .flatMap((t, i): Part[] => (i % 2 ? [{ type: UUID, text: t }] : [t]));

/** A slot of the first of `types` that the value fits, else generic text. */
const slot =
  (types: number[], role?: Slot['role']): Kind =>
  (text) => {
    const type = types.find((t) => fits(t, text));
    return type === undefined ? generic(text) : [{ type, text, ...(role && { role }) }];
  };

const hex = slot([HEX]);
/** ICE credentials, CNAMEs: lowercase hex (Firefox) or base64 characters (Chromium, Safari). */
const token = slot([HEX, B64]);
/** A port, unless it is the placeholder port 9 that browsers write. */
const port: Kind = (text) => (text === '9' ? [text] : slot([PORT])(text));
/** An address: IPv4, IPv6 (`0.0.0.0` and `::` stay literal, mDNS names are generic). */
const address: Kind = (text) => (text === '0.0.0.0' || text === '::' ? [text] : slot([IP4, IP6])(text));

/**
 * A rule: a pattern whose groups are the values of a line (with indices, so
 * that the text around them is known), and the kind of each group. A group
 * that did not take part in the match is left out; the text around the
 * groups is generic.
 */
const RULES: Array<[RegExp, ...Kind[]]> = [
  [
    // To the end of the line (`.` takes no CR): a damaged candidate line keeps its foundation.
    /^a=candidate:(\d+) \d+ \S+ \d+ (\S+) (\d+) typ \S+(?: raddr (\S+) rport (\d+))?.*$/d,
    slot([HEX], 'foundation'),
    address,
    port,
    address,
    port,
  ],
  [/^a=ice-(?:ufrag|pwd):(\S+)$/d, token],
  [/^a=fingerprint:\S+ (\S+)$/d, slot([HEXC])],
  [/^o=\S+ (\d+) /d, slot([HEX], 'session-id')],
  [/^m=\S+ (\d+)/d, port],
  [/^(?:c=IN IP[46] |a=rtcp:9 IN IP[46] )(\S+)$/d, address],
  [/^a=ssrc:(\d+) (?:cname:(\S+)$)?/d, hex, token],
  [/^a=ssrc-group:\S+ (\d+) (\d+)(?: (\d+))?$/d, hex, hex, hex],
];

/** Splits one SDP line (without its line ending) into literal text and slots. */
export function lineParts(line: string): Part[] {
  for (const [pattern, ...kinds] of RULES) {
    const m = pattern.exec(line);
    if (!m) continue;
    const parts: Part[] = [];
    let at = 0;
    kinds.forEach((kind, i) => {
      const range = m.indices![i + 1];
      if (!range) return;
      parts.push(...generic(line.slice(at, range[0])), ...kind(m[i + 1]!));
      at = range[1];
    });
    return [...parts, ...generic(line.slice(at))];
  }
  return generic(line);
}
