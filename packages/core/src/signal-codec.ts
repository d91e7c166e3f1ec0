import { fromBase64Url, toBase64Url } from './base64url.js';
import { decodeCompact } from './compact-sdp/decode.js';
import { encodeCompact } from './compact-sdp/encode.js';
import { isEndReason } from './call-state.js';
import { deflateRaw, inflateRaw } from './deflate.js';
import { fail, ok, ParleyError, type Result } from './errors.js';
import { ID_PATTERN } from './ids.js';
import type { MediaKind, MediaState, Signal, SignalErrorCode, WireCandidate } from './signal.js';

/**
 * Text form of signals: one short line of printable ASCII, `VERB args…`.
 *
 *   CAPS?                                   capabilities query
 *   CAPS VOICE VIDEO FILE PARLEY/1          capabilities reply
 *   INVITE <id> <a|v|d…> <lifetime-s>       call offer
 *   ACCEPT <id> · DECLINE <id> · BUSY <id> · HANGUP <id> <reason>
 *   SDP <id> <o|a> <c|z|t> <payload>        c: compactSdp (exact), z: deflate-raw + base64url, t: JSON string
 *   ICE <id> <mid> <candidate>[|<mid> <candidate>…]
 *   ICE-END <id>
 *   MEDIA <id> mic:<on|off> cam:<on|off> screen:<on|off>
 *   ERROR <code> <id|-> [text]
 */

/** Longest signal text accepted from a peer (a deflated audio+video SDP is ~2-3 KB). */
export const MAX_SIGNAL_LENGTH = 64 * 1024;
/** Largest SDP accepted after inflating. */
export const MAX_SDP_BYTES = 128 * 1024;
/** Most candidates in one ICE signal. */
export const MAX_BATCH_CANDIDATES = 64;

const MEDIA_LETTERS: Record<MediaKind, string> = { audio: 'a', video: 'v', data: 'd' };
const CAP_PATTERN = /^[A-Z0-9][A-Z0-9/._-]{0,31}$/;
const CANDIDATE_PATTERN = /^candidate:[\x21-\x7b\x7d-\x7e][\x20-\x7b\x7d-\x7e]{0,400}$/; // printable, no '|'
const MID_PATTERN = /^[\x21-\x7b\x7d-\x7e]{1,32}$/;
const ERROR_CODES: readonly SignalErrorCode[] = ['unsupported', 'malformed', 'unknown-call', 'rejected'];

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export interface EncodeOptions {
  /**
   * How SDPs travel: `auto` (default: `c` or `z`, whichever is shorter), `c`
   * (compactSdp, exact mode), `z` (deflate) or `t` (readable JSON text).
   */
  sdpEncoding?: 'auto' | 'c' | 'z' | 't';
}

function flag(on: boolean): string {
  return on ? 'on' : 'off';
}

/** JSON string of `text` in printable ASCII only (the decoder refuses anything else on the line). */
function asciiJson(text: string): string {
  return JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Encodes a signal as one line of text. */
export async function encodeSignal(signal: Signal, options: EncodeOptions = {}): Promise<string> {
  switch (signal.type) {
    case 'caps-query':
      return 'CAPS?';
    case 'caps':
      return ['CAPS', ...signal.caps].join(' ');
    case 'invite':
      return `INVITE ${signal.callId} ${signal.media.map((m) => MEDIA_LETTERS[m]).join('')} ${Math.round(signal.lifetimeMs / 1000)}`;
    case 'accept':
      return `ACCEPT ${signal.callId}`;
    case 'decline':
      return `DECLINE ${signal.callId}`;
    case 'busy':
      return `BUSY ${signal.callId}`;
    case 'hangup':
      return `HANGUP ${signal.callId} ${signal.reason}`;
    case 'sdp': {
      const kind = signal.kind === 'offer' ? 'o' : 'a';
      const head = `SDP ${signal.callId} ${kind}`;
      const encoding = options.sdpEncoding ?? 'auto';
      if (encoding === 't') return `${head} t ${asciiJson(signal.sdp)}`;
      const compact = `${head} c ${encodeCompact({ type: signal.kind, sdp: signal.sdp }, { exact: true })}`;
      if (encoding === 'c') return compact;
      const deflated = `${head} z ${toBase64Url(await deflateRaw(encoder.encode(signal.sdp)))}`;
      return encoding === 'z' || deflated.length < compact.length ? deflated : compact;
    }
    case 'ice':
      return `ICE ${signal.callId} ${signal.candidates.map((c) => `${c.mid} ${c.candidate}`).join('|')}`;
    case 'ice-end':
      return `ICE-END ${signal.callId}`;
    case 'media':
      return `MEDIA ${signal.callId} mic:${flag(!signal.state.micMuted)} cam:${flag(!signal.state.cameraOff)} screen:${flag(signal.state.screenSharing)}`;
    case 'error':
      return `ERROR ${signal.code} ${signal.callId ?? '-'}${signal.text ? ` ${signal.text}` : ''}`;
  }
}

function malformed(text: string, why: string): Result<Signal> {
  return fail('malformed-signal', `malformed signal (${why}): ${text.slice(0, 80)}`);
}

function parseMedia(letters: string): MediaKind[] | undefined {
  if (!/^[avd]{1,3}$/.test(letters)) return undefined;
  const kinds = new Set<MediaKind>();
  for (const letter of letters) kinds.add(letter === 'a' ? 'audio' : letter === 'v' ? 'video' : 'data');
  return kinds.size === letters.length ? [...kinds] : undefined;
}

function parseMediaState(args: string[]): MediaState | undefined {
  const map = new Map(args.map((a) => a.split(':') as [string, string]));
  const read = (key: string): boolean | undefined => {
    const v = map.get(key);
    return v === 'on' ? true : v === 'off' ? false : undefined;
  };
  const mic = read('mic');
  const cam = read('cam');
  const screen = read('screen');
  if (mic === undefined || cam === undefined || screen === undefined || args.length !== 3) return undefined;
  return { micMuted: !mic, cameraOff: !cam, screenSharing: screen };
}

function parseCandidates(text: string): WireCandidate[] | undefined {
  const parts = text.split('|');
  if (parts.length === 0 || parts.length > MAX_BATCH_CANDIDATES) return undefined;
  const out: WireCandidate[] = [];
  for (const part of parts) {
    const space = part.indexOf(' ');
    if (space < 1) return undefined;
    const mid = part.slice(0, space);
    const candidate = part.slice(space + 1);
    if (!MID_PATTERN.test(mid) || !CANDIDATE_PATTERN.test(candidate)) return undefined;
    out.push({ mid, candidate });
  }
  return out;
}

async function decodeSdpPayload(
  encoding: string,
  payload: string,
  kind: 'offer' | 'answer',
): Promise<string | undefined> {
  if (encoding === 'c') {
    const result = /^[\w-]+$/.test(payload) ? decodeCompact(payload) : undefined;
    return result?.ok && result.value.type === kind ? result.value.sdp : undefined;
  }
  if (encoding === 't') {
    try {
      const value: unknown = JSON.parse(payload);
      return typeof value === 'string' && value.length <= MAX_SDP_BYTES ? value : undefined;
    } catch {
      return undefined;
    }
  }
  if (encoding === 'z') {
    const bytes = fromBase64Url(payload);
    if (!bytes) return undefined;
    try {
      return decoder.decode(await inflateRaw(bytes, MAX_SDP_BYTES));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Decodes one signal text from a peer. Never throws: anything that is not a
 * well-formed signal gives a typed {@link ParleyError} in the result.
 */
export async function decodeSignal(text: unknown): Promise<Result<Signal>> {
  try {
    return await decode(text);
  } catch (error) {
    // Defensive: a bug here must still not let an untyped error escape.
    return { ok: false, error: new ParleyError('malformed-signal', 'signal could not be decoded', { cause: error }) };
  }
}

async function decode(text: unknown): Promise<Result<Signal>> {
  if (typeof text !== 'string') return fail('malformed-signal', 'signal is not text');
  if (text.length > MAX_SIGNAL_LENGTH)
    return fail('signal-too-long', `signal of ${text.length} characters is over ${MAX_SIGNAL_LENGTH}`);
  if (!/^[\x20-\x7e]+$/.test(text)) return malformed(text, 'not printable ASCII');
  const space = text.indexOf(' ');
  const verb = space < 0 ? text : text.slice(0, space);
  const rest = space < 0 ? '' : text.slice(space + 1);
  const args = rest === '' ? [] : rest.split(' ');
  const callId = args[0] ?? '';
  const needId = (): boolean => ID_PATTERN.test(callId);

  switch (verb) {
    case 'CAPS?':
      return args.length === 0 ? ok({ type: 'caps-query' }) : malformed(text, 'CAPS? takes no arguments');
    case 'CAPS':
      if (args.length > 32 || !args.every((c) => CAP_PATTERN.test(c))) return malformed(text, 'bad capability token');
      return ok({ type: 'caps', caps: args });
    case 'INVITE': {
      const media = parseMedia(args[1] ?? '');
      const seconds = Number(args[2]);
      if (!needId() || !media || args.length !== 3 || !Number.isInteger(seconds) || seconds < 1 || seconds > 3600) {
        return malformed(text, 'INVITE <id> <media> <lifetime-s>');
      }
      return ok({ type: 'invite', callId, media, lifetimeMs: seconds * 1000 });
    }
    case 'ACCEPT':
    case 'DECLINE':
    case 'BUSY':
    case 'ICE-END': {
      if (!needId() || args.length !== 1) return malformed(text, `${verb} <id>`);
      const type = verb === 'ICE-END' ? 'ice-end' : (verb.toLowerCase() as 'accept' | 'decline' | 'busy');
      return ok({ type, callId });
    }
    case 'HANGUP': {
      const reason = args[1];
      if (!needId() || args.length !== 2 || !isEndReason(reason)) return malformed(text, 'HANGUP <id> <reason>');
      return ok({ type: 'hangup', callId, reason });
    }
    case 'SDP': {
      const kind = args[1] === 'o' ? 'offer' : args[1] === 'a' ? 'answer' : undefined;
      const encoding = args[2] ?? '';
      const payloadStart = verb.length + 1 + callId.length + 1 + 2 + encoding.length + 1;
      if (!needId() || !kind || args.length < 4) return malformed(text, 'SDP <id> <o|a> <c|z|t> <payload>');
      const sdp = await decodeSdpPayload(encoding, text.slice(payloadStart), kind);
      if (sdp === undefined || !sdp.startsWith('v=0'))
        return fail('bad-encoding', `SDP payload could not be decoded (${encoding})`);
      return ok({ type: 'sdp', callId, kind, sdp });
    }
    case 'ICE': {
      const candidates = needId() ? parseCandidates(rest.slice(callId.length + 1)) : undefined;
      if (!candidates) return malformed(text, 'ICE <id> <mid> <candidate>[|…]');
      return ok({ type: 'ice', callId, candidates });
    }
    case 'MEDIA': {
      const state = parseMediaState(args.slice(1));
      if (!needId() || !state) return malformed(text, 'MEDIA <id> mic:on|off cam:on|off screen:on|off');
      return ok({ type: 'media', callId, state });
    }
    case 'ERROR': {
      const code = args[0] as SignalErrorCode;
      const id = args[1];
      if (!ERROR_CODES.includes(code) || id === undefined || (id !== '-' && !ID_PATTERN.test(id))) {
        return malformed(text, 'ERROR <code> <id|-> [text]');
      }
      const message = args.slice(2).join(' ').slice(0, 200);
      return ok({ type: 'error', code, ...(id !== '-' && { callId: id }), ...(message && { text: message }) });
    }
    default:
      return fail('unknown-signal', `unknown signal verb: ${verb.slice(0, 32)}`);
  }
}
