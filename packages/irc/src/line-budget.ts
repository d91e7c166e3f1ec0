import { escapeTagValue } from './irc-message.js';
import { utf8Length } from './utf8.js';

/** RFC 1459's line length including CRLF, used when the server sends no `LINELEN`. */
export const DEFAULT_LINELEN = 512;
/**
 * Worst-case lengths of the `user@host` part when it is unknown: USERLEN 10
 * and HOSTLEN 64 (InspIRCd's; other servers use 63). One more byte is always
 * added to the user part for the `~` some servers prepend to an unverified
 * ident. Overestimating costs a few bytes; underestimating gets text cut.
 */
export const WORST_CASE_USER_BYTES = 10;
export const WORST_CASE_HOST_BYTES = 64;
/**
 * Client-only tag data a client may send (message-tags spec): `key=value;…`
 * without the leading `@` and the space after it. Checked against InspIRCd
 * 3.15 by `line-budget.real.test.ts`.
 */
export const MAX_CLIENT_TAG_BYTES = 4094;

export interface TextBudgetOptions {
  /** Own `nick!user@host`, or just the nick when `user@host` is unknown (worst case assumed). */
  selfPrefix: string;
  command: 'PRIVMSG' | 'NOTICE';
  target: string;
  /** ISUPPORT `LINELEN` (bytes including CRLF); default 512. */
  linelen?: number | undefined;
  /** ISUPPORT `USERLEN`/`HOSTLEN`, to tighten the worst case when `user@host` is unknown. */
  userLen?: number | undefined;
  hostLen?: number | undefined;
}

/**
 * How many UTF-8 bytes of text one PRIVMSG/NOTICE may carry and still reach
 * the peer whole. The server relays `:nick!user@host PRIVMSG target :text\r\n`
 * and cuts (silently, on InspIRCd) whatever exceeds `linelen`, so the budget
 * is what is left of `linelen` after that frame. Never negative.
 */
export function textBudget(options: TextBudgetOptions): number {
  const linelen = options.linelen ?? DEFAULT_LINELEN;
  const prefix = options.selfPrefix;
  const known = /^[^!@]+![^@]+@.+$/.test(prefix);
  const nick = prefix.split(/[!@]/)[0] ?? '';
  const userBytes = (options.userLen ?? WORST_CASE_USER_BYTES) + 1;
  const hostBytes = options.hostLen ?? WORST_CASE_HOST_BYTES;
  const prefixBytes = known ? utf8Length(prefix) : utf8Length(nick) + 1 + userBytes + 1 + hostBytes;
  // ':' prefix ' ' command ' ' target ' :' text '\r\n'
  const frame = 1 + prefixBytes + 1 + options.command.length + 1 + utf8Length(options.target) + 2 + 2;
  return Math.max(0, linelen - frame);
}

/** Like {@link textBudget} for the params of one CTCP message: both `\x01` delimiters take a byte each. */
export function ctcpBudget(options: TextBudgetOptions): number {
  return Math.max(0, textBudget(options) - 2);
}

/** Bytes a tag value takes on the wire once escaped (`;` space `\` CR LF take two). */
export function escapedTagLength(value: string): number {
  return utf8Length(escapeTagValue(value));
}

/**
 * Room for client tag data: with no key, all of {@link MAX_CLIENT_TAG_BYTES};
 * with a key, the most escaped-value bytes one tag `key=value` may have when
 * it is the only client tag on the message.
 */
export function tagBudget(key?: string): number {
  if (key === undefined) return MAX_CLIENT_TAG_BYTES;
  return Math.max(0, MAX_CLIENT_TAG_BYTES - utf8Length(key) - 1);
}
