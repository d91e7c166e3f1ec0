import { B64, fits, HEX, HEXC, IP4, IP6, PORT, UUID } from './fields.js';

/**
 * The SDP lines model: each line becomes literal text and slots (typed values
 * that change per session). Anything not recognised as such a value stays
 * literal text, so nothing is ever dropped: unknown attributes, simulcast, odd
 * ordering, future browsers all come back as they were.
 */
export interface Slot {
  type: number;
  text: string;
  /** What the value means, for the values that non-exact mode normalises. */
  role?: 'session-id' | 'foundation';
}

export type Part = string | Slot;

/**
 * The tokenizer: the values that change per session. Lowercase UUIDs anywhere
 * (stream and track ids, bare or in braces; mDNS names); candidate foundations
 * and the o= session id (the group: what non-exact mode normalises; not on a
 * line with a CR in it, which `.` does not take: a damaged line keeps them);
 * and the token after each prefix that precedes a per-session value: a candidate's
 * address and port, raddr and rport, connection addresses, media ports, ICE
 * credentials, fingerprints, SSRCs and CNAMEs. Static numbers (components,
 * priorities, payload types, extmap ids, `generation 0`) follow none of them,
 * so they stay literal. Lookbehinds are bounded (no `.*`, no open repetition)
 * so that a long line costs linear time.
 */
const VALUES =
  /[\da-f]{8}(?:-[\da-f]{4}){3}-[\da-f]{12}|(?<=^(?:a=candidate:|o=\S+ ))(\d+)(?=.*$)|(?<=^(?:a=candidate:(?:(?:\S+ ){4,5}|(?:\S+ ){8,10}r(?:addr|port) )|(?:c=|a=rtcp:9 )IN IP\d |m=\S+ |a=ice-(?:ufrag|pwd):|a=fingerprint:\S+ |a=ssrc:(?:\d+ cname:)?|a=ssrc-group:\S+(?: \d+){0,2} ))[\w+/:.]+/g;

/**
 * The types a value may travel as, the first that fits: addresses, ports (a
 * number above 65535, like most SSRCs, is HEX), ICE credentials and CNAMEs
 * (lowercase hex from Firefox, base64 characters from Chromium and Safari),
 * fingerprints, UUIDs. Foundations and session ids are always HEX.
 */
const TYPES = [IP4, PORT, HEX, B64, IP6, HEXC, UUID];
/** Values that browsers write as placeholders: ports 0 and 9 and the unspecified addresses. */
const PLACEHOLDER = /^([09]|0\.0\.0\.0|::)$/;

/** Splits one SDP line (without its line ending) into literal text and slots. */
export function lineParts(line: string): Part[] {
  const parts: Part[] = [];
  let at = 0;
  for (const m of line.matchAll(VALUES)) {
    const [text, normalised] = m;
    const role = normalised ? (line[0] === 'o' ? 'session-id' : 'foundation') : undefined;
    const type = role ? HEX : TYPES.find((t) => fits(t, text));
    if (type === undefined || (!role && PLACEHOLDER.test(text))) continue;
    parts.push(line.slice(at, m.index), { type, text, role });
    at = m.index + text.length;
  }
  return [...parts, line.slice(at)];
}
