import type { IrcMessage } from './irc-message.js';

/** RPL_ISUPPORT tokens: `KEY=value` as a string, a bare `KEY` as `true`. Keys uppercased. */
export type Isupport = Record<string, string | true>;

export interface IsupportUpdate {
  set: Isupport;
  /** Tokens the server withdrew with `-KEY`. */
  unset: string[];
}

const KEY = /^[A-Za-z0-9]{1,32}$/;

/** Decodes ISUPPORT's `\xHH` escapes (e.g. `\x20` for a space in NETWORK). */
function unescapeValue(value: string): string {
  return value.replace(/\\x([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * Reads the tokens of one 005 line (`:server 005 nick TOKEN… :are supported`).
 * The first param (our nick) and the trailing human text are not tokens.
 * Malformed tokens are skipped: ISUPPORT is advisory and a bad token must not
 * cost the others. Returns `null` for anything but a 005.
 */
export function parseIsupport(message: IrcMessage): IsupportUpdate | null {
  if (message.command !== '005') return null;
  const update: IsupportUpdate = { set: {}, unset: [] };
  const tokens = message.params.slice(1, message.params.length > 2 ? -1 : undefined);
  for (const token of tokens) {
    if (token.startsWith('-')) {
      const key = token.slice(1).toUpperCase();
      if (KEY.test(key)) update.unset.push(key);
      continue;
    }
    const eq = token.indexOf('=');
    const key = (eq < 0 ? token : token.slice(0, eq)).toUpperCase();
    if (!KEY.test(key)) continue;
    update.set[key] = eq < 0 ? true : unescapeValue(token.slice(eq + 1));
  }
  return update;
}

/** Applies an update to a token map, returning a new map. */
export function applyIsupport(current: Readonly<Isupport>, update: IsupportUpdate): Isupport {
  const next: Isupport = { ...current, ...update.set };
  for (const key of update.unset) delete next[key];
  return next;
}

/** A numeric token (e.g. `LINELEN`, `NICKLEN`), or `fallback` when absent or not a positive integer. */
export function isupportNumber(isupport: Readonly<Isupport>, key: string, fallback: number): number {
  const value = isupport[key];
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) return fallback;
  const n = Number(value);
  return n > 0 ? n : fallback;
}

/** Case mappings {@link ircLower} knows; others fall back to `rfc1459`, the default when a server says nothing. */
export type Casemapping = 'ascii' | 'rfc1459' | 'strict-rfc1459';

export function casemappingOf(isupport: Readonly<Isupport>): Casemapping {
  const value = isupport['CASEMAPPING'];
  return value === 'ascii' || value === 'strict-rfc1459' ? value : 'rfc1459';
}

/**
 * Lowercases a nick or channel the way the server compares them: `ascii`
 * folds A-Z only; `rfc1459` also folds `[]\^` to `{}|~`; `strict-rfc1459`
 * folds `[]\` but not `^`. Non-ASCII characters are left alone (servers do).
 */
export function ircLower(name: string, casemapping: string = 'rfc1459'): string {
  const mapping = casemapping === 'ascii' || casemapping === 'strict-rfc1459' ? casemapping : 'rfc1459';
  const special = mapping === 'ascii' ? /[A-Z]/g : mapping === 'rfc1459' ? /[A-Z[\]\\^]/g : /[A-Z[\]\\]/g;
  return name.replace(special, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

/** Whether two names are the same under `casemapping`. */
export function ircEquals(a: string, b: string, casemapping?: string): boolean {
  return a === b || ircLower(a, casemapping) === ircLower(b, casemapping);
}

/** Channel prefixes from `CHANTYPES` (default `#&`; an empty value means none). */
export function channelTypes(isupport: Readonly<Isupport>): string {
  const value = isupport['CHANTYPES'];
  return typeof value === 'string' ? value : value === true ? '' : '#&';
}
