import { fail, ok, type Result } from '@parley/core';
import { decodeCtcp, encodeCtcp } from './ctcp.js';
import { formatIrcLine, type IrcMessage } from './irc-message.js';

/**
 * Parley mode carries the core's signal lines (`INVITE …`, `SDP …`) as they
 * are, in one of two envelopes:
 *  - `tags`: a client-only tag on TAGMSG, `@+parley.dev/s=<line> TAGMSG nick`.
 *    No chat client shows a TAGMSG, so users see no signaling noise.
 *  - `ctcp`: `PRIVMSG nick :\x01PARLEY <line>\x01`, for peers without
 *    `message-tags`. Clients hide CTCPs too.
 */
export type ParleyForm = 'tags' | 'ctcp';

export const PARLEY_TAG = '+parley.dev/s';
export const PARLEY_CTCP = 'PARLEY';
/** Capability tokens: speaks Parley signals, and can take them in TAGMSG. */
export const PARLEY_TOKEN = 'PARLEY/1';
export const PARLEY_TAGS_TOKEN = 'PARLEY-TAGS';

const CONTROL_VERBS = new Set(['INVITE', 'ACCEPT', 'DECLINE', 'BUSY', 'HANGUP', 'MEDIA', 'ERROR', 'CAPS', 'CAPS?']);

/** Call control goes before bulk (SDP, candidates, chunks) in the connection's send queue. */
export function isControlText(text: string): boolean {
  const space = text.indexOf(' ');
  return CONTROL_VERBS.has(space < 0 ? text : text.slice(0, space));
}

/** The IRC line that carries one core signal line to `target`. */
export function frameParley(text: string, target: string, form: ParleyForm): string {
  if (form === 'tags') return formatIrcLine({ tags: { [PARLEY_TAG]: text }, command: 'TAGMSG', params: [target] });
  return formatIrcLine({ command: 'PRIVMSG', params: [target, encodeCtcp(PARLEY_CTCP, text)] });
}

/** The core signal line in a received message, or `null` when it carries none. Never throws. */
export function unframeParley(message: IrcMessage): Result<{ text: string; form: ParleyForm }> | null {
  const tagged = message.tags[PARLEY_TAG];
  if (tagged !== undefined && (message.command === 'TAGMSG' || message.command === 'PRIVMSG')) {
    return tagged === '' ? fail('malformed-signal', 'empty Parley tag') : ok({ text: tagged, form: 'tags' });
  }
  if (message.command !== 'PRIVMSG' && message.command !== 'NOTICE') return null;
  const ctcp = decodeCtcp(message.params[1] ?? '');
  if (!ctcp || ctcp.command !== PARLEY_CTCP) return null;
  if (ctcp.truncated) return fail('malformed-signal', 'PARLEY CTCP without its closing \\x01: the line was cut');
  if (ctcp.params === '') return fail('malformed-signal', 'empty PARLEY CTCP');
  return ok({ text: ctcp.params, form: 'ctcp' });
}
