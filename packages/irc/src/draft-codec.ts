import { fail, ok, ParleyError, type Result } from '@parley/core';
import { decodeCtcp, encodeCtcp } from './ctcp.js';
import { formatIrcLine, type IrcMessage } from './irc-message.js';

/**
 * The message set of the 2015 "WebRTC negotiation over IRC" draft. The draft
 * leaves the SDP transfer open; Parley reads it as one `SDP <line>` message per
 * SDP line between `SDP-START` and `SDP-END`, and `ICE <candidate>` with the
 * `candidate:…` attribute as in `RTCIceCandidate.candidate` (see README).
 */
export type DraftMessage =
  | { kind: 'call-offer' }
  | { kind: 'call-accept' }
  | { kind: 'call-decline' }
  | { kind: 'sdp-start' }
  | { kind: 'sdp'; line: string }
  | { kind: 'sdp-end' }
  | { kind: 'ice'; candidate: string }
  /** `caps` undefined: a query; an array (maybe empty): the reply. */
  | { kind: 'capabilities'; caps?: string[] | undefined }
  /** A peer that does not know the intent (`WEBRTC`) answers `ERROR WEBRTC`. */
  | { kind: 'error'; intent: string };

/** A decoded draft message, with the sender's nick and whether it came as NOTICE. */
export type ReceivedDraftMessage = DraftMessage & { from: string; reply: boolean };

/** The draft's intent / CTCP command. */
export const WEBRTC_INTENT = 'WEBRTC';
/** The tag keys accepted as the draft's `intent` tag; only `+` ones survive servers that strip other client tags. */
export const INTENT_TAGS = ['intent', '+intent', '+draft/intent'] as const;

/** The draft's capability tokens; others are passed through. */
export const DRAFT_CAPABILITIES = ['VOICE', 'VIDEO', 'FILE'] as const;

/** Longest SDP line / candidate accepted (an SDP line is rarely over 200 bytes). */
const MAX_PAYLOAD = 1024;
// eslint-disable-next-line no-control-regex -- CTCP's delimiter \x01 is a control character
const SDP_LINE = /^[a-z]=[^\0\r\n\x01]*$/;
const CANDIDATE = /^candidate:[\x21-\x7e]+( [\x21-\x7e]+){4,}$/;
const CAP_TOKEN = /^[A-Z0-9][A-Z0-9/._-]{0,31}$/;
const MAX_CAPS = 32;

export interface EncodeDraftOptions {
  /**
   * `ctcp` (default): `\x01WEBRTC …\x01`, what every client relays. `tag`:
   * plain text with a client-only intent tag (`+draft/intent=WEBRTC`), which
   * reaches only peers with `message-tags`.
   */
  form?: 'ctcp' | 'tag';
  /** Tag key for the `tag` form; default `+draft/intent`. */
  tagKey?: (typeof INTENT_TAGS)[number];
}

/** Whether the draft sends this message as NOTICE (an answer nobody must auto-reply to). */
export function isDraftReply(message: DraftMessage): boolean {
  return (
    message.kind === 'call-decline' ||
    message.kind === 'error' ||
    (message.kind === 'capabilities' && message.caps !== undefined)
  );
}

function draftText(message: DraftMessage): string {
  switch (message.kind) {
    case 'sdp':
      if (!SDP_LINE.test(message.line)) throw new ParleyError('malformed-signal', 'not an SDP line');
      return `SDP ${message.line}`;
    case 'ice':
      if (!CANDIDATE.test(message.candidate)) throw new ParleyError('malformed-signal', 'not an ICE candidate');
      return `ICE ${message.candidate}`;
    case 'capabilities':
      return ['CAPABILITIES', ...(message.caps ?? [])].join(' ');
    case 'error':
      return message.intent;
    default:
      return message.kind.toUpperCase();
  }
}

/**
 * The IRC lines (without CRLF) that carry `message` to `target`, in order.
 * Requests go as PRIVMSG, replies (CALL-DECLINE, ERROR, a CAPABILITIES
 * answer) as NOTICE, as the draft says. Throws a `ParleyError` for a message
 * that cannot be sent (an SDP line or candidate with control characters).
 */
export function encodeDraft(message: DraftMessage, target: string, options: EncodeDraftOptions = {}): string[] {
  const command = isDraftReply(message) ? 'NOTICE' : 'PRIVMSG';
  const text = draftText(message);
  if (options.form === 'tag') {
    const intent = message.kind === 'error' ? 'ERROR' : WEBRTC_INTENT;
    const tags = { [options.tagKey ?? '+draft/intent']: intent };
    return [formatIrcLine({ tags, command, params: [target, text] })];
  }
  const ctcp = message.kind === 'error' ? encodeCtcp('ERROR', text) : encodeCtcp(WEBRTC_INTENT, text);
  return [formatIrcLine({ command, params: [target, ctcp] })];
}

/** A whole SDP as the draft's sequence: `SDP-START`, one `SDP` per line, `SDP-END`. */
export function encodeDraftSdp(sdp: string, target: string, options: EncodeDraftOptions = {}): string[] {
  const lines = sdp.split(/\r?\n/).filter((line) => line !== '');
  const messages: DraftMessage[] = [
    { kind: 'sdp-start' },
    ...lines.map((line) => ({ kind: 'sdp', line }) as const),
    { kind: 'sdp-end' },
  ];
  return messages.flatMap((message) => encodeDraft(message, target, options));
}

function intentTag(tags: Record<string, string>): string | undefined {
  for (const key of INTENT_TAGS) if (tags[key] !== undefined) return tags[key].toUpperCase();
  return undefined;
}

/** Text after the intent, and whether it is an `ERROR` for the WEBRTC intent. `null`: not ours. */
function unwrap(message: IrcMessage, text: string): Result<{ body: string; error: boolean }> | null {
  const ctcp = decodeCtcp(text);
  if (ctcp) {
    if (ctcp.command !== WEBRTC_INTENT && ctcp.command !== 'ERROR') return null;
    if (ctcp.command === 'ERROR' && ctcp.params.split(' ')[0]?.toUpperCase() !== WEBRTC_INTENT) return null;
    if (ctcp.truncated) return fail('malformed-signal', 'WEBRTC CTCP without its closing \\x01: the line was cut');
    return ok({ body: ctcp.params, error: ctcp.command === 'ERROR' });
  }
  const intent = intentTag(message.tags);
  if (intent === WEBRTC_INTENT) return ok({ body: text, error: false });
  if (intent === 'ERROR' && text.split(' ')[0]?.toUpperCase() === WEBRTC_INTENT) return ok({ body: text, error: true });
  return null;
}

function parseBody(body: string, reply: boolean): Result<DraftMessage> {
  const space = body.indexOf(' ');
  const verb = (space < 0 ? body : body.slice(0, space)).toUpperCase();
  const rest = space < 0 ? '' : body.slice(space + 1);
  const malformed = (why: string): Result<DraftMessage> =>
    fail('malformed-signal', `malformed WEBRTC ${verb.slice(0, 20)} (${why})`);
  if (rest.length > MAX_PAYLOAD) return malformed('too long');
  switch (verb) {
    case 'CALL-OFFER':
    case 'CALL-ACCEPT':
    case 'CALL-DECLINE':
    case 'SDP-START':
    case 'SDP-END':
      // Extra words are ignored: a later version of the draft may add some.
      return ok({ kind: verb.toLowerCase() as 'call-offer' });
    case 'SDP':
      return SDP_LINE.test(rest) ? ok({ kind: 'sdp', line: rest }) : malformed('not an SDP line');
    case 'ICE':
      return CANDIDATE.test(rest) ? ok({ kind: 'ice', candidate: rest }) : malformed('not a candidate');
    case 'CAPABILITIES': {
      const caps = rest.split(' ').filter(Boolean);
      if (caps.length > MAX_CAPS || !caps.every((c) => CAP_TOKEN.test(c))) return malformed('bad capability token');
      // A PRIVMSG without tokens asks; tokens, or a NOTICE, answer.
      return ok({ kind: 'capabilities', caps: !reply && caps.length === 0 ? undefined : caps });
    }
    case '':
      return malformed('no sub-command');
    default:
      return fail('unknown-signal', `unknown WEBRTC sub-command: ${verb.slice(0, 32)}`);
  }
}

/**
 * Reads a draft message from a received PRIVMSG/NOTICE, in its CTCP form
 * (`\x01WEBRTC CALL-OFFER\x01`, `\x01ERROR WEBRTC\x01`) or its tag form
 * (`@intent=WEBRTC` / `@+intent=…` / `@+draft/intent=…` with plain text,
 * `@…intent=ERROR` with text `WEBRTC`). Returns `null` when the message is not
 * WebRTC at all, and a typed error when it is but cannot be read (the caller
 * may answer `ERROR WEBRTC`). Never throws.
 */
export function decodeDraft(message: IrcMessage): Result<ReceivedDraftMessage> | null {
  if (message.command !== 'PRIVMSG' && message.command !== 'NOTICE') return null;
  const text = message.params[1];
  if (text === undefined) return null;
  const unwrapped = unwrap(message, text);
  if (unwrapped === null) return null;
  if (!unwrapped.ok) return { ok: false, error: unwrapped.error };
  const from = message.source?.nick;
  if (!from) return fail('malformed-signal', 'WEBRTC message without a source');
  const reply = message.command === 'NOTICE';
  if (unwrapped.value.error) {
    const intent = unwrapped.value.body.split(' ')[0]?.toUpperCase() ?? WEBRTC_INTENT;
    return ok({ kind: 'error', intent, from, reply });
  }
  const parsed = parseBody(unwrapped.value.body, reply);
  return parsed.ok ? ok({ ...parsed.value, from, reply }) : parsed;
}
