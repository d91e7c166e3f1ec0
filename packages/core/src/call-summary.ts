import type { EndReason } from './call-state.js';
import type { MediaKind } from './signal.js';

/** A finished call, for chat history. Times are ms since the epoch. */
export interface CallSummary {
  callId: string;
  peerId: string;
  direction: 'outgoing' | 'incoming';
  media: MediaKind[];
  /** When the call was placed or the invite arrived. */
  startedAt: number;
  /** When it first connected; absent when it never did. */
  connectedAt?: number;
  endedAt: number;
  /** Time connected, in ms (0 when it never connected). */
  durationMs: number;
  reason: EndReason;
}

/** Periodic connection figures while connected. */
export interface CallStats {
  /** Round-trip time of the selected candidate pair, ms. */
  rttMs?: number;
  /** Bits per second received and sent since the previous sample. */
  inboundBitrate?: number;
  outboundBitrate?: number;
  /** Fraction of inbound RTP packets lost (0..1) since the call started. */
  packetLoss?: number;
  /** Local and remote candidate types of the selected pair (host, srflx, relay…). */
  localCandidateType?: string;
  remoteCandidateType?: string;
}
