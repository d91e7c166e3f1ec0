import type { EndReason } from './call-state.js';

/** What a call carries. `data` is a DataChannel (chat, files). */
export type MediaKind = 'audio' | 'video' | 'data';

/**
 * Capability tokens. VOICE, VIDEO and FILE come from the 2015 IRC draft;
 * `PARLEY/<n>` says the peer speaks Parley's compact signaling.
 */
export type Capability = 'VOICE' | 'VIDEO' | 'FILE' | 'CHAT' | `PARLEY/${number}` | (string & {});

/** A candidate as carried on the wire: its media section and the `candidate:` attribute. */
export interface WireCandidate {
  /** The m-line's mid (`sdpMid`). */
  mid: string;
  /** The candidate attribute, e.g. `candidate:1 1 udp 2122 127.0.0.1 5000 typ host`. */
  candidate: string;
}

/** The peer's mute / camera state, so that a UI can say "Bob muted". */
export interface MediaState {
  micMuted: boolean;
  cameraOff: boolean;
  screenSharing: boolean;
}

/** Every message of the call lifecycle. */
export type Signal =
  | { type: 'caps-query' }
  | { type: 'caps'; caps: Capability[] }
  | { type: 'invite'; callId: string; media: MediaKind[]; lifetimeMs: number }
  | { type: 'accept'; callId: string }
  | { type: 'decline'; callId: string }
  | { type: 'busy'; callId: string }
  | { type: 'hangup'; callId: string; reason: EndReason }
  | { type: 'sdp'; callId: string; kind: 'offer' | 'answer'; sdp: string }
  | { type: 'ice'; callId: string; candidates: WireCandidate[] }
  | { type: 'ice-end'; callId: string }
  | { type: 'media'; callId: string; state: MediaState }
  | { type: 'error'; code: SignalErrorCode; callId?: string; text?: string };

/** Codes of the `error` signal: what a peer tells us it could not do. */
export type SignalErrorCode = 'unsupported' | 'malformed' | 'unknown-call' | 'rejected';

export type SignalType = Signal['type'];

/** Call-control signals go before bulk (SDP, candidates) when a transport paces its sends. */
export function isControlSignal(signal: Signal): boolean {
  return signal.type !== 'sdp' && signal.type !== 'ice';
}
