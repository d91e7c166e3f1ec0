import { decodeCompact } from './compact-sdp/decode.js';
import { encodeCompact } from './compact-sdp/encode.js';
import { isEndReason } from './call-state.js';
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
 *   SDP <id> <o|a> <c|t> <payload>          c: compactSdp (exact), t: JSON string
 *   ICE <id> <mid> <candidate>[|<mid> <candidate>…]
 *   ICE-END <id>
 *   MEDIA <id> mic:<on|off> cam:<on|off> screen:<on|off>
 *   ERROR <code> <id|-> [text]
 */

/** Longest signal text accepted from a peer (a compact audio+video SDP is well under 1 KB, any SDP at most deflate's size). */
export const MAX_SIGNAL_LENGTH = 64 * 1024;
/** Largest SDP accepted after inflating. */
export const MAX_SDP_BYTES = 128 * 1024;
/** Most candidates in one ICE signal. */
export const MAX_BATCH_CANDIDATES = 64;

/** On the wire, each media kind is its first letter. */
const MEDIA_KINDS: readonly MediaKind[] = ['audio', 'video', 'data'];
const CAP_PATTERN = /^[A-Z0-9][A-Z0-9/._-]{0,31}$/;
/**
 * `<mid> <candidate>` of an ICE batch: printable ASCII but '|' (the batch
 * separator), which `[!-{}~]` is without space and `[ -{}~]` with it.
 */
const WIRE_CANDIDATE_PATTERN = /^([!-{}~]{1,32}) (candidate:[!-{}~][ -{}~]{0,400})$/;
const ERROR_CODES: readonly SignalErrorCode[] = ['unsupported', 'malformed', 'unknown-call', 'rejected'];
/** Every signal type; the verb of each is its type in capitals, but for `caps-query` (`CAPS?`). */
const TYPES: readonly string[] = [
  'caps-query',
  'caps',
  'invite',
  'accept',
  'decline',
  'busy',
  'hangup',
  'sdp',
  'ice',
  'ice-end',
  'media',
  'error',
] satisfies readonly Signal['type'][];
const verbOf = (type: string): string => (type === 'caps-query' ? 'CAPS?' : type.toUpperCase());
/** MEDIA flags in wire order, with whether `on` means the flag of {@link MediaState} is false. */
const MEDIA_FLAGS = [
  ['mic', 'micMuted', true],
  ['cam', 'cameraOff', true],
  ['screen', 'screenSharing', false],
] as const;

export interface EncodeOptions {
  /** How SDPs travel: `c` (default: compactSdp, exact mode) or `t` (readable JSON text). */
  sdpEncoding?: 'c' | 't';
}

/** JSON string of `text` in printable ASCII only (the decoder refuses anything else on the line). */
function asciiJson(text: string): string {
  return JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Encodes a signal as one line of text: its verb, then its arguments. */
export async function encodeSignal(signal: Signal, options: EncodeOptions = {}): Promise<string> {
  return [verbOf(signal.type), ...(await encodeArgs(signal, options))].join(' ');
}

async function encodeArgs(signal: Signal, options: EncodeOptions): Promise<string[]> {
  switch (signal.type) {
    case 'caps-query':
      return [];
    case 'caps':
      return signal.caps;
    case 'invite': {
      const letters = signal.media.map((kind) => kind[0]).join('');
      return [signal.callId, letters, String(Math.round(signal.lifetimeMs / 1000))];
    }
    case 'hangup':
      return [signal.callId, signal.reason];
    case 'sdp': {
      const head = [signal.callId, signal.kind[0]!];
      if (options.sdpEncoding === 't') return [...head, 't', asciiJson(signal.sdp)];
      return [...head, 'c', await encodeCompact({ type: signal.kind, sdp: signal.sdp }, { exact: true })];
    }
    case 'ice':
      return [signal.callId, signal.candidates.map((c) => `${c.mid} ${c.candidate}`).join('|')];
    case 'media':
      return [
        signal.callId,
        ...MEDIA_FLAGS.map(([name, key, negated]) => `${name}:${signal.state[key] !== negated ? 'on' : 'off'}`),
      ];
    case 'error':
      return [signal.code, signal.callId ?? '-', ...(signal.text ? [signal.text] : [])];
    default:
      return [signal.callId]; // accept, decline, busy, ice-end
  }
}

function parseMedia(letters: string): MediaKind[] | undefined {
  if (!/^[avd]{1,3}$/.test(letters)) return undefined;
  const kinds = new Set([...letters].map((letter) => MEDIA_KINDS.find((kind) => kind[0] === letter)!));
  return kinds.size === letters.length ? [...kinds] : undefined;
}

/** `mic:on cam:off screen:off`, in any order, each flag once. */
function parseMediaState(args: string[]): MediaState | undefined {
  const state: Partial<Record<keyof MediaState, boolean>> = {};
  for (const [name, key, negated] of MEDIA_FLAGS) {
    const on = args.includes(`${name}:on`);
    if (!on && !args.includes(`${name}:off`)) return undefined;
    state[key] = on !== negated;
  }
  return args.length === 3 ? (state as MediaState) : undefined;
}

function parseCandidates(text: string): WireCandidate[] | undefined {
  const parts = text.split('|');
  if (parts.length > MAX_BATCH_CANDIDATES) return undefined;
  const out: WireCandidate[] = [];
  for (const part of parts) {
    const [, mid, candidate] = WIRE_CANDIDATE_PATTERN.exec(part) ?? [];
    if (!mid || !candidate) return undefined;
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
    const result = /^[\w-]+$/.test(payload) ? await decodeCompact(payload) : undefined;
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
  const malformed = fail<Signal>('malformed-signal', `malformed signal: ${text.slice(0, 80)}`);
  if (!/^[\x20-\x7e]+$/.test(text)) return malformed;
  const args = text.split(' ');
  const verb = args.shift()!;
  if (args[0] === '' && args.length === 1) args.pop(); // `CAPS ` is `CAPS`
  const type = TYPES.find((t) => verbOf(t) === verb);
  if (!type) return fail('unknown-signal', `unknown signal verb: ${verb.slice(0, 32)}`);
  const [callId = '', arg1 = '', arg2 = ''] = args;
  // Most signals are `VERB <id> …`: the id and the argument count are checked here.
  const withId = (count: number): boolean => ID_PATTERN.test(callId) && args.length === count;
  let signal: Signal | undefined;
  switch (type) {
    case 'caps-query':
      if (args.length === 0) signal = { type };
      break;
    case 'caps':
      if (args.length <= 32 && args.every((c) => CAP_PATTERN.test(c))) signal = { type, caps: args };
      break;
    case 'invite': {
      const media = parseMedia(arg1);
      const seconds = Number(arg2);
      if (withId(3) && media && Number.isInteger(seconds) && seconds >= 1 && seconds <= 3600) {
        signal = { type, callId, media, lifetimeMs: seconds * 1000 };
      }
      break;
    }
    case 'hangup':
      if (withId(2) && isEndReason(arg1)) signal = { type, callId, reason: arg1 };
      break;
    case 'sdp': {
      const kind = arg1 === 'o' ? 'offer' : arg1 === 'a' ? 'answer' : undefined;
      if (!ID_PATTERN.test(callId) || !kind || args.length < 4) break;
      const sdp = await decodeSdpPayload(arg2, args.slice(3).join(' '), kind);
      if (sdp === undefined || !sdp.startsWith('v=0'))
        return fail('bad-encoding', `SDP payload could not be decoded (${arg2})`);
      signal = { type, callId, kind, sdp };
      break;
    }
    case 'ice': {
      const candidates = ID_PATTERN.test(callId) && parseCandidates(args.slice(1).join(' '));
      if (candidates) signal = { type, callId, candidates };
      break;
    }
    case 'media': {
      const state = ID_PATTERN.test(callId) && parseMediaState(args.slice(1));
      if (state) signal = { type, callId, state };
      break;
    }
    case 'error': {
      const code = callId as SignalErrorCode;
      const message = args.slice(2).join(' ').slice(0, 200);
      if (ERROR_CODES.includes(code) && (arg1 === '-' || ID_PATTERN.test(arg1))) {
        signal = { type, code, ...(arg1 !== '-' && { callId: arg1 }), ...(message && { text: message }) };
      }
      break;
    }
    default: // accept, decline, busy, ice-end
      if (withId(1)) signal = { type: type as 'accept', callId };
  }
  return signal ? ok(signal) : malformed;
}
