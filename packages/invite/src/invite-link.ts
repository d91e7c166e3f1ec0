import { fail, ok, type ParleyErrorCode, type Result } from '@parley/core';

/** Which side of a one-shot exchange a text carries: the call's offer, or the answer to it. */
export type InviteRole = 'offer' | 'answer';

/**
 * A parsed invite text. `bundle` is the exchange text (a `P2…` bundle
 * of {@link encodeBundle}); `role` is undefined when only a bare bundle was
 * given (see {@link detectBundleRole} to read it from the bundle itself).
 */
export interface Invite {
  role: InviteRole | undefined;
  bundle: string;
}

/** The custom scheme, for `navigator.registerProtocolHandler` and native apps. */
export const INVITE_SCHEME = 'web+parley';

/** Longest text the parsers look at (an audio+video bundle is a few KB). */
export const MAX_INVITE_TEXT = 256 * 1024;

export interface InviteLinkOptions {
  /** The join page, e.g. `https://example.org/join/`; any fragment it has is replaced. */
  base: string;
  role: InviteRole;
}

/**
 * `https://…/join/#offer/<bundle>`: the bundle travels in the fragment, which
 * browsers never send to the server. Characters outside `A-Z a-z 0-9 - _` are
 * percent-encoded (also `.` and `~`, which link detectors drop at the end of a
 * link), so any bundle text, of any length, survives.
 */
export function createInviteLink(bundle: string, options: InviteLinkOptions): Result<string> {
  const base = /^https?:\/\/[^\s#]+/i.exec(options.base.trim());
  return rolePayload(base && `${base[0]}#`, bundle, options.role);
}

/** `web+parley:offer/<bundle>` (or `answer/`): the same payload as a link, under the custom scheme. */
export function createProtocolLink(bundle: string, role: InviteRole): Result<string> {
  return rolePayload(`${INVITE_SCHEME}:`, bundle, role);
}

/** `<prefix><role>/<percent-encoded bundle>`, or why not (a null prefix: the base is no http(s) URL). */
function rolePayload(prefix: string | null, bundle: string, role: InviteRole): Result<string> {
  const checked = checkInvite(role, bundle);
  if (checked) return fail(...checked);
  if (prefix === null) return fail('bad-encoding', 'the base must be an http(s) URL');
  return ok(`${prefix}${role}/${encodePayload(bundle)}`);
}

/**
 * What is wrong with an invite to encode, as the arguments of {@link fail};
 * undefined when nothing is. Shared with the invite file.
 */
export function checkInvite(role: InviteRole, bundle: string): [ParleyErrorCode, string] | undefined {
  if (typeof bundle !== 'string' || bundle.length === 0) return ['bad-encoding', 'the bundle is empty'];
  if (bundle.length > MAX_INVITE_TEXT) return ['signal-too-long', 'the bundle is too long'];
  if (role !== 'offer' && role !== 'answer') return ['bad-encoding', 'the role must be offer or answer'];
  return undefined;
}

/**
 * Reads an invite from whatever a person pasted: an https join link, a
 * `web+parley:` link (also percent-encoded, as a protocol handler passes it),
 * `offer/<bundle>`, or a bare bundle. Links mangled on the way are repaired:
 * surrounding prose, `<…>` or quotes, trailing punctuation, lines wrapped by a
 * mail client (also inside reply quotes `> `) and quoted-printable soft breaks.
 * Never throws.
 */
export function parseInviteLink(text: string): Result<Invite> {
  const all = parseInviteLinks(text);
  return all.ok ? ok(all.value[0]!) : all;
}

/**
 * Every reading of a link that line wrapping makes ambiguous, longest first:
 * `…#offer/P2abc` followed by a line `Bob` may be a link wrapped before `Bob`,
 * or a link and a signature. {@link readInvite} keeps the shortest whose
 * bundle decodes. At least one reading when ok. Never throws.
 */
export function parseInviteLinks(text: string): Result<Invite[]> {
  if (typeof text !== 'string') return fail('bad-encoding', 'an invite is text');
  if (text.length > MAX_INVITE_TEXT) return fail('signal-too-long', 'the text is too long');
  const candidates = extractLinks(text);
  if (candidates.length === 0) return fail('bad-encoding', NOT_AN_INVITE);
  const readings: Invite[] = [];
  let first: Result<Invite> | undefined;
  for (const candidate of candidates) {
    const result = parseCleaned(candidate, 0);
    first ??= result;
    if (result.ok) readings.push(result.value);
  }
  return readings.length > 0 ? ok(readings) : (first as Result<never>);
}

const ROLE_PATH = /^(offer|answer)\/(.*)$/i;
/** What a payload is made of once percent-encoded. */
const PAYLOAD_CHARS = /^[A-Za-z0-9\-_.~%]+$/;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}>'"»”’]+$/;

const NOT_AN_INVITE = 'this is not a Parley invite';
const DAMAGED = 'the invite link is damaged';

function parseCleaned(link: string, depth: number): Result<Invite> {
  const scheme = /^web\+parley:(?:\/\/)?/i;
  if (scheme.test(link)) return rolePath(link.replace(scheme, ''));
  let escaped = /^web%2bparley%3a/i.test(link) && link;
  if (/^https?:\/\//i.test(link)) {
    const hash = link.indexOf('#');
    if (hash < 0) return fail('bad-encoding', 'the link has nothing after #');
    const fragment = link.slice(hash + 1);
    // A protocol handler registered as `…/join/#%s` gets the whole web+parley URL, escaped.
    escaped = /^web(\+|%2b)parley(:|%3a)/i.test(fragment) && fragment;
    if (!escaped || depth > 0) return rolePath(fragment);
  }
  if (escaped && depth === 0) {
    const inner = safeDecode(escaped);
    return inner === undefined ? fail('bad-encoding', DAMAGED) : parseCleaned(inner, 1);
  }
  if (ROLE_PATH.test(link)) return rolePath(link);
  return PAYLOAD_CHARS.test(link) ? payloadOf(link, undefined) : fail('bad-encoding', NOT_AN_INVITE);
}

function rolePath(path: string): Result<Invite> {
  const match = ROLE_PATH.exec(path);
  if (!match) return fail('bad-encoding', 'the link does not say offer/ or answer/');
  return payloadOf(match[2]!, match[1]!.toLowerCase() as InviteRole);
}

function payloadOf(raw: string, role: InviteRole | undefined): Result<Invite> {
  if (raw.length === 0) return fail('bad-encoding', 'the invite link is cut short');
  // Characters a percent-encoded payload cannot have are damage too.
  const bundle = PAYLOAD_CHARS.test(raw) ? safeDecode(raw) : undefined;
  return bundle ? ok({ role, bundle }) : fail('bad-encoding', DAMAGED);
}

/**
 * Finds the link (or bare payload) in `text` and undoes what mail clients
 * and chat programs do to long links: the possible readings, longest first;
 * none when nothing looks like one.
 */
function extractLinks(input: string): string[] {
  // BOM, quoted-printable soft line breaks, CRLF.
  let text = input
    .replace(/^\uFEFF/, '')
    .replace(/=\r?\n/g, '')
    .replace(/\r\n?/g, '\n');
  // RFC 3986, appendix C: inside <…>, whitespace is to be ignored.
  const bracketed = /<\s*((?:https?:\/\/|web\+parley:|web%2bparley%3a)[^<>]*)>/i.exec(text);
  if (bracketed) return [trimLink(stripQuoteMarks(bracketed[1]!).replace(/\s+/g, ''))];
  // Reply quoting: "> " at the start of every line.
  text = stripQuoteMarks(text);
  const start = text.search(/https?:\/\/|web\+parley:|web%2bparley%3a/i);
  if (start >= 0) return joinWrapped(text.slice(start)).map(trimLink);
  // No scheme: `offer/<payload>`, or a bare payload (possibly wrapped over several lines).
  const bare = text.trim();
  if (bare.length === 0) return [];
  if (!/[ \t]/.test(bare)) return joinWrapped(bare).map(trimLink);
  // Prose around it: take the first token that looks like `offer/…`, then a long payload-like token.
  const tokens = bare.split(/\s+/).map(trimLink);
  const found = tokens.find((t) => ROLE_PATH.test(t)) ?? tokens.find((t) => t.length >= 16 && PAYLOAD_CHARS.test(t));
  return found === undefined ? [] : [found];
}

function stripQuoteMarks(text: string): string {
  return text.replace(/^[ \t]*(?:>[ \t]?)+/gm, '');
}

/**
 * The link from its start to the first space; a line break may continue it
 * when the link ran to the end of the line and the next line is one unbroken
 * run of link characters (a wrapped link, or a one-word line after it).
 * Returns each reading, longest first.
 */
function joinWrapped(text: string): string[] {
  const readings: string[] = [];
  let link = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const token = /^[^\s<>"]*/.exec(line)![0];
    const whole = token === line;
    if (link && (!token || !whole || TRAILING_PUNCTUATION.test(link))) break;
    link += token;
    readings.unshift(link);
    // Something after the link on this line: the link ended there.
    if (!whole) break;
  }
  return readings;
}

// `)` and `]` only close what the link opened; there is none in our links.
const trimLink = (link: string): string => link.replace(/^[<("'«“‘[]+/, '').replace(TRAILING_PUNCTUATION, '');

/** Only `A-Z a-z 0-9 - _` stay as they are: link detectors drop `.` and `~` at the end of a link. */
const encodePayload = (bundle: string): string => percentEncode(bundle, /[.!~*'()]/g);

/**
 * encodeURIComponent, with the characters `also` matches (default: none)
 * percent-encoded as well, and lone surrogates (which it would throw on) replaced by U+FFFD, as
 * TextEncoder does.
 */
export function percentEncode(text: string, also = /$^/): string {
  const wellFormed = text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return encodeURIComponent(wellFormed).replace(also, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** decodeURIComponent, or undefined where it would throw. */
export function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
