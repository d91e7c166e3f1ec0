/** Creates an RTCPeerConnection; inject one where none is global (Node: node-datachannel). */
export type PeerConnectionFactory = (config: RTCConfiguration) => RTCPeerConnection;

/** Settings of calls; every field has a default. */
export interface CallSettings {
  /** Defaults to `new globalThis.RTCPeerConnection(config)`. */
  createPeerConnection?: PeerConnectionFactory;
  /** STUN and TURN servers; several may be given. */
  iceServers?: RTCIceServer[];
  /** Privacy mode: only relay candidates, so the peer never learns your address. */
  relayOnly?: boolean;
  /** Trickle candidates (default) or send them inside the SDP once gathered. */
  trickle?: boolean;
  /** How long an invite rings, in ms (default 60 s). */
  inviteLifetimeMs?: number;
  /** From accept to connected, in ms (default 30 s). */
  connectTimeoutMs?: number;
  /** In `disconnected` this long before an ICE restart, in ms (default 2 s). */
  iceRestartGraceMs?: number;
  /** Without a connection this long, the call hangs up with `ice-failed` (default 30 s). */
  reconnectTimeoutMs?: number;
  /** Local candidates found within this window travel in one message (default 40 ms). */
  candidateBatchMs?: number;
  /** Non-trickle: longest wait for gathering to complete, in ms (default 3 s). */
  gatherTimeoutMs?: number;
  /** How often `stats` events fire while connected, in ms; 0 turns them off (default 2 s). */
  statsIntervalMs?: number;
  /**
   * When the connection closes under a connected call, wait this long for the
   * peer's HANGUP (it may be slower than the close, over a paced transport)
   * before ending with `peer-gone` (default 3 s).
   */
  peerCloseGraceMs?: number;
}

export type ResolvedCallSettings = Required<Omit<CallSettings, 'createPeerConnection'>> & {
  createPeerConnection: PeerConnectionFactory;
};

/** The defaults of the plain settings, documented on {@link CallSettings}. */
const DEFAULTS: Omit<ResolvedCallSettings, 'createPeerConnection' | 'iceServers'> = {
  relayOnly: false,
  trickle: true,
  inviteLifetimeMs: 60_000,
  connectTimeoutMs: 30_000,
  iceRestartGraceMs: 2_000,
  reconnectTimeoutMs: 30_000,
  candidateBatchMs: 40,
  gatherTimeoutMs: 3_000,
  statsIntervalMs: 2_000,
  peerCloseGraceMs: 3_000,
};

const createPeerConnection: PeerConnectionFactory = (config) => {
  const Ctor = (globalThis as { RTCPeerConnection?: typeof RTCPeerConnection }).RTCPeerConnection;
  if (!Ctor) throw new TypeError('No RTCPeerConnection here: pass createPeerConnection (e.g. node-datachannel).');
  return new Ctor(config);
};

/** Every setting, given or default. Only the known keys are read (the options may carry others). */
export function resolveCallSettings(settings: CallSettings = {}): ResolvedCallSettings {
  const resolved: Record<string, unknown> = {
    createPeerConnection: settings.createPeerConnection ?? createPeerConnection,
    // A fresh array per manager, never shared.
    iceServers: settings.iceServers ?? [],
  };
  for (const [key, value] of Object.entries(DEFAULTS)) resolved[key] = settings[key as keyof CallSettings] ?? value;
  return resolved as ResolvedCallSettings;
}
