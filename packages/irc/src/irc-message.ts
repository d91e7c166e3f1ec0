import { fail, ok, ParleyError, type Result } from '@parley/core';
import { utf8Length } from './utf8.js';

/** One IRC line, parsed (RFC 1459 framing plus IRCv3 message-tags). */
export interface IrcMessage {
  /** Tag values unescaped; a tag without a value maps to `''`. Client-only tags keep their `+`. */
  tags: Record<string, string>;
  /** The source split as `nick!user@host`; a server name lands in `nick`. */
  source?: { nick: string; user?: string; host?: string } | undefined;
  /** The source exactly as sent, without the leading `:`. */
  sourceRaw?: string;
  /** Verb uppercased, or a three-digit numeric. */
  command: string;
  /** Middle params and the trailing one, without its `:`. */
  params: string[];
}

/**
 * Longest line accepted: 8191 bytes of tags (IRCv3 message-tags) plus the
 * 512 bytes of the classic line. Anything longer is refused before parsing.
 */
export const MAX_IRC_LINE_BYTES = 8191 + 512;

const TAG_KEY = /^\+?(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\/)?[A-Za-z0-9-]+$/;
const COMMAND = /^(?:[A-Za-z]+|\d{3})$/;
const FORBIDDEN = /[\0\r\n]/;

const UNESCAPES: Record<string, string> = { ':': ';', s: ' ', '\\': '\\', r: '\r', n: '\n' };

/** Escapes a tag value as the message-tags spec requires (`;` space `\` CR LF). */
export function escapeTagValue(value: string): string {
  return value.replace(/[; \\\r\n]/g, (c) =>
    c === ';' ? '\\:' : c === ' ' ? '\\s' : c === '\\' ? '\\\\' : c === '\r' ? '\\r' : '\\n',
  );
}

/** Reverses {@link escapeTagValue}; an unknown escape `\x` is `x`, a lone trailing `\` is dropped (per spec). */
export function unescapeTagValue(value: string): string {
  return value.replace(/\\(.?)/gs, (_, c: string) => UNESCAPES[c] ?? c);
}

function malformed(line: string, why: string): Result<IrcMessage> {
  return fail('malformed-signal', `malformed IRC line (${why}): ${line.slice(0, 80)}`);
}

function parseTags(text: string): Record<string, string> | undefined {
  const tags: Record<string, string> = {};
  for (const part of text.split(';')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (!TAG_KEY.test(key)) return undefined;
    // Later duplicates win, as the spec says.
    tags[key] = eq < 0 ? '' : unescapeTagValue(part.slice(eq + 1));
  }
  return tags;
}

function parseSource(raw: string): NonNullable<IrcMessage['source']> {
  const bang = raw.indexOf('!');
  const at = raw.indexOf('@', bang < 0 ? 0 : bang);
  const nickEnd = bang >= 0 ? bang : at >= 0 ? at : raw.length;
  const source: NonNullable<IrcMessage['source']> = { nick: raw.slice(0, nickEnd) };
  if (bang >= 0) source.user = raw.slice(bang + 1, at >= 0 ? at : raw.length);
  if (at >= 0) source.host = raw.slice(at + 1);
  return source;
}

/** Splits off the next space-separated word, skipping repeated spaces. */
function nextWord(rest: string): [word: string, rest: string] {
  const trimmed = rest.replace(/^ +/, '');
  const space = trimmed.indexOf(' ');
  return space < 0 ? [trimmed, ''] : [trimmed.slice(0, space), trimmed.slice(space + 1)];
}

/**
 * Parses one received line (a trailing CRLF or LF is allowed). Never throws:
 * anything that is not a well-formed line is a typed error.
 */
export function parseIrcLine(line: string): Result<IrcMessage> {
  if (typeof line !== 'string') return malformed(String(line), 'not text');
  // Cheap bound first: a UTF-16 unit is at most 3 UTF-8 bytes.
  if (
    line.length > MAX_IRC_LINE_BYTES ||
    (line.length * 3 > MAX_IRC_LINE_BYTES && utf8Length(line) > MAX_IRC_LINE_BYTES)
  ) {
    return fail('signal-too-long', `IRC line over ${MAX_IRC_LINE_BYTES} bytes`);
  }
  const body = line.replace(/\r?\n$|\r$/, '');
  if (FORBIDDEN.test(body)) return malformed(body, 'NUL, CR or LF inside the line');
  let rest = body;
  let tags: Record<string, string> = {};
  if (rest.startsWith('@')) {
    const space = rest.indexOf(' ');
    if (space < 0) return malformed(body, 'tags but no command');
    const parsed = parseTags(rest.slice(1, space));
    if (!parsed) return malformed(body, 'bad tag key');
    tags = parsed;
    rest = rest.slice(space + 1);
  }
  rest = rest.replace(/^ +/, '');
  const message: IrcMessage = { tags, command: '', params: [] };
  if (rest.startsWith(':')) {
    const [sourceRaw, after] = rest.startsWith(': ') ? ['', ''] : nextWord(rest.slice(1));
    if (sourceRaw === '') return malformed(body, 'empty source');
    message.sourceRaw = sourceRaw;
    message.source = parseSource(sourceRaw);
    rest = after;
  }
  const [command, afterCommand] = nextWord(rest);
  if (!COMMAND.test(command)) return malformed(body, 'no valid command');
  message.command = command.toUpperCase();
  rest = afterCommand;
  for (;;) {
    rest = rest.replace(/^ +/, '');
    if (rest === '') break;
    if (rest.startsWith(':')) {
      message.params.push(rest.slice(1));
      break;
    }
    const [param, after] = nextWord(rest);
    message.params.push(param);
    rest = after;
  }
  return ok(message);
}

function refuse(why: string): never {
  throw new ParleyError('malformed-signal', `cannot format IRC line: ${why}`);
}

/**
 * Formats a line to send (without CRLF). The last param becomes trailing
 * (`:`-prefixed) when it must: empty, containing a space or starting with `:`.
 * Throws a `ParleyError` ('malformed-signal') for what cannot be sent: CR, LF
 * or NUL anywhere, a bad tag key or command, a middle param that would need
 * to be trailing.
 */
export function formatIrcLine(message: {
  tags?: Record<string, string | undefined> | undefined;
  command: string;
  params?: readonly string[];
}): string {
  if (!COMMAND.test(message.command)) refuse(`bad command ${JSON.stringify(message.command.slice(0, 20))}`);
  const parts: string[] = [];
  const tagParts: string[] = [];
  for (const [key, value] of Object.entries(message.tags ?? {})) {
    if (value === undefined) continue;
    if (!TAG_KEY.test(key)) refuse(`bad tag key ${JSON.stringify(key.slice(0, 40))}`);
    if (/\0/.test(value)) refuse('NUL in a tag value');
    tagParts.push(value === '' ? key : `${key}=${escapeTagValue(value)}`);
  }
  if (tagParts.length) parts.push(`@${tagParts.join(';')}`);
  parts.push(message.command);
  const params = message.params ?? [];
  params.forEach((param, i) => {
    if (FORBIDDEN.test(param)) refuse('CR, LF or NUL in a param');
    const needsTrailing = param === '' || param.includes(' ') || param.startsWith(':');
    if (!needsTrailing) parts.push(param);
    else if (i === params.length - 1) parts.push(`:${param}`);
    else refuse(`middle param ${JSON.stringify(param.slice(0, 40))} would need to be trailing`);
  });
  return parts.join(' ');
}
