import type { ResolvedCallSettings } from './call-options.js';
import type { CallState, EndReason } from './call-state.js';
import type { CallStats, CallSummary } from './call-summary.js';
import { ParleyError } from './errors.js';
import { sampleStats, type StatsSample } from './stats.js';
import type { MediaKind, MediaState, Signal, WireCandidate } from './signal.js';
import { TypedEventTarget } from './typed-events.js';

export interface CallEvents {
  statechange: { state: CallState; reason?: EndReason };
  /** A remote track arrived (also after renegotiation). */
  track: { track: MediaStreamTrack; streams: readonly MediaStream[] };
  /** The peer muted, turned the camera off, or shares the screen. */
  remotemedia: MediaState;
  /** The DataChannel is open (calls with `data`). */
  datachannel: RTCDataChannel;
  /** A text message on the DataChannel. */
  message: string;
  /** The connection dropped; an ICE restart is under way. */
  reconnecting: { since: number };
  /** The connection is back after `downtimeMs`. */
  reconnected: { downtimeMs: number; restarts: number };
  stats: CallStats;
  ended: CallSummary;
  /** Something went wrong that did not end the call (e.g. a failed renegotiation). */
  warning: ParleyError;
}

/** Local media for a call: tracks with the streams they belong to. */
export interface LocalMedia {
  tracks?: ReadonlyArray<{ track: MediaStreamTrack; streams?: MediaStream[] }>;
  /** Or a whole stream (e.g. from getUserMedia). */
  stream?: MediaStream;
}

/** The tracks of `local`, given one by one or as a whole stream, each with its streams. */
export function localTracks(local: LocalMedia): Array<{ track: MediaStreamTrack; streams?: MediaStream[] }> {
  const { stream } = local;
  return [...(local.tracks ?? []), ...(stream?.getTracks().map((track) => ({ track, streams: [stream] })) ?? [])];
}

/** What a Call needs from the manager that owns it. */
export interface CallHost {
  send(signal: Signal): Promise<void>;
  settings: ResolvedCallSettings;
  /** The call ended: forget it. */
  release(call: Call): void;
}

const MAX_QUEUED_CANDIDATES = 200;
const ACTIVE: readonly CallState[] = ['outgoing', 'incoming', 'connecting', 'connected'];
const ignore = (): void => undefined;

/** A signal of this call, without its id: {@link Call} adds the current one (it changes on glare adoption). */
type CallSignal = Signal extends infer S ? (S extends { callId: string } ? Omit<S, 'callId'> : never) : never;

/**
 * One call with one peer: its state machine, its RTCPeerConnection and the
 * negotiation that keeps it up (perfect negotiation, trickle ICE with
 * batching, ICE restarts). Create calls through {@link CallManager}.
 */
export class Call extends TypedEventTarget<CallEvents> {
  #id: string;
  readonly peerId: string;
  #direction: 'outgoing' | 'incoming';
  #media: MediaKind[];
  #state: CallState = 'idle';
  #reason: EndReason | undefined;
  readonly startedAt = Date.now();
  #connectedAt: number | undefined;
  #endedAt: number | undefined;

  readonly #host: CallHost;
  #pc: RTCPeerConnection | undefined;
  #channel: RTCDataChannel | undefined;
  #local: LocalMedia = {};
  #remoteOffer: string | undefined;
  readonly #remoteCandidates: WireCandidate[] = [];
  #localBatch: WireCandidate[] = [];
  /**
   * Trickle, as the offerer: our candidates wait until the peer's answer is in.
   * A peer that has them before we have its answer can connect ICE and start
   * DTLS toward us first, which some engines (libdatachannel) then fail.
   * `'end'`: the end of candidates is held too.
   */
  #holding: boolean | 'end' = false;
  /** Every pending timer of the call by name: invite, connect, batch, stats, restart, reconnect, peer-close. */
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  #lastStats: StatsSample | undefined;

  // Perfect negotiation.
  #makingOffer = false;
  #ignoreOffer = false;
  #negotiatedOnce = false;
  #candidatesReady = false;
  #negotiationChain: Promise<void> = Promise.resolve();

  // Reconnection.
  #disconnectedAt: number | undefined;
  #restarts = 0;
  #lastRestartAt = 0;

  #localMedia: MediaState = { micMuted: false, cameraOff: false, screenSharing: false };
  #remoteMedia: MediaState = { micMuted: false, cameraOff: false, screenSharing: false };
  #cameraTrack: MediaStreamTrack | undefined;
  #screenSender: RTCRtpSender | undefined;

  /** @internal */
  constructor(
    host: CallHost,
    init: { id: string; peerId: string; direction: 'outgoing' | 'incoming'; media: MediaKind[] },
  ) {
    super();
    this.#host = host;
    this.#id = init.id;
    this.peerId = init.peerId;
    this.#direction = init.direction;
    this.#media = [...init.media];
  }

  get id(): string {
    return this.#id;
  }
  get direction(): 'outgoing' | 'incoming' {
    return this.#direction;
  }
  get media(): readonly MediaKind[] {
    return this.#media;
  }
  get state(): CallState {
    return this.#state;
  }
  /** Why the call ended; undefined until it has. */
  get endReason(): EndReason | undefined {
    return this.#reason;
  }
  get connectedAt(): number | undefined {
    return this.#connectedAt;
  }
  /** True from placing or ringing until the end. */
  get active(): boolean {
    return ACTIVE.includes(this.#state);
  }
  get peerConnection(): RTCPeerConnection | undefined {
    return this.#pc;
  }
  get dataChannel(): RTCDataChannel | undefined {
    return this.#channel;
  }
  /** The peer's mute and camera state, as last signalled. */
  get remoteMedia(): MediaState {
    return { ...this.#remoteMedia };
  }
  get localMedia(): MediaState {
    return { ...this.#localMedia };
  }
  /** The polite side yields in offer collisions: the callee. */
  get polite(): boolean {
    return this.#direction === 'incoming';
  }

  // ----- lifecycle -----------------------------------------------------------

  /** @internal Places the call: INVITE, then the offer. */
  async start(local: LocalMedia, lifetimeMs: number): Promise<void> {
    this.#local = local;
    this.ring(lifetimeMs);
    await this.#send({ type: 'invite', media: this.#media, lifetimeMs });
    // Meanwhile the call may have ended, or become the callee of a crossing call (glare).
    if (this.#state !== 'outgoing') return;
    this.#createPeerConnection();
    this.#addLocalMedia(true);
    await this.#negotiate();
  }

  /** @internal Rings (a peer's invite, or ours) until accepted, declined or expired. */
  ring(lifetimeMs: number): void {
    this.#setState(this.#direction);
    // Only the caller tells: the callee's invite expires there too.
    this.#timer('invite', lifetimeMs, () => this.#end('invite-timeout', !this.polite));
  }

  /** Accepts an incoming call with the given local media. */
  async accept(local: LocalMedia = {}): Promise<void> {
    if (this.#state !== 'incoming') this.#invalidState('cannot accept');
    this.#local = local;
    this.#connecting();
    await this.#send({ type: 'accept' });
    if (!this.active) return; // ended meanwhile
    this.#createPeerConnection();
    if (this.#remoteOffer !== undefined) await this.#applyRemoteSdp('offer', this.#remoteOffer);
  }

  /** Declines an incoming call (`busy` says you are in another call). */
  decline(reason: 'declined' | 'busy' = 'declined'): void {
    if (this.#state !== 'incoming') return;
    this.#tell({ type: reason === 'busy' ? 'busy' : 'decline' });
    this.#end(reason, false);
  }

  /** Hangs up (or cancels a call still ringing). Safe to call in any state. */
  hangup(reason: EndReason = 'hangup'): void {
    if (!this.active) return;
    if (this.#state === 'incoming') return this.decline();
    this.#end(reason, true);
  }

  /** A summary for chat history; `endedAt` and `reason` are set once ended. */
  summary(): CallSummary {
    const endedAt = this.#endedAt ?? Date.now();
    return {
      callId: this.#id,
      peerId: this.peerId,
      direction: this.#direction,
      media: [...this.#media],
      startedAt: this.startedAt,
      ...(this.#connectedAt !== undefined && { connectedAt: this.#connectedAt }),
      endedAt,
      durationMs: endedAt - (this.#connectedAt ?? endedAt),
      reason: this.#reason ?? 'hangup',
    };
  }

  /**
   * @internal Whole-call glare: both sides called at once and the peer's call
   * won. This call becomes the callee side of the peer's call, keeping its
   * local media, and accepts it: the user asked for a call with this peer.
   */
  async adopt(invite: { callId: string; media: MediaKind[] }): Promise<void> {
    this.#closePeerConnection();
    // Only the invite and candidate batch timers can run while outgoing; candidates
    // of the closed connection must not leave under the new id.
    this.#clearTimer(...this.#timers.keys());
    this.#id = invite.callId;
    this.#direction = 'incoming';
    this.#media = [...new Set([...invite.media, ...this.#media])];
    this.#makingOffer = false;
    this.#negotiatedOnce = false;
    // Work queued for the closed connection may never settle (engines drop it).
    this.#negotiationChain = Promise.resolve();
    this.#remoteCandidates.length = 0;
    this.#localBatch = [];
    this.#holding = false;
    this.#remoteOffer = undefined;
    this.#state = 'incoming';
    await this.accept(this.#local);
  }

  // ----- signals -------------------------------------------------------------

  /** @internal Signals for this call, routed by the manager. */
  async handle(signal: Signal): Promise<void> {
    if (!this.active) return;
    switch (signal.type) {
      case 'accept':
        if (this.#state !== 'outgoing') return;
        this.#connecting();
        return this.#checkConnected();
      case 'decline':
        return this.#end('declined', false);
      case 'busy':
        return this.#end('busy', false);
      case 'hangup':
        return this.#end(signal.reason, false);
      case 'sdp':
        if (this.#state === 'incoming' || !this.#pc) {
          if (signal.kind === 'offer') this.#remoteOffer = signal.sdp;
          return;
        }
        return this.#applyRemoteSdp(signal.kind, signal.sdp);
      case 'ice':
        for (const candidate of signal.candidates) await this.#addRemoteCandidate(candidate);
        return;
      case 'media':
        this.#remoteMedia = signal.state;
        this.emit('remotemedia', { ...signal.state });
        return;
      case 'error':
        if (signal.code === 'unsupported') return this.#end('unsupported', false);
        if (signal.code === 'unknown-call' && this.#state === 'outgoing') this.#end('error', false);
    }
  }

  /** @internal Reports an error that did not end the call. */
  emitWarning(error: unknown): void {
    if (error instanceof ParleyError) this.emit('warning', error);
    else this.#warn(String(error), error);
  }

  /** @internal The peer went away (left, quit, changed nick). */
  peerGone(): void {
    if (this.active) this.#end('peer-gone', false);
  }

  // ----- media controls --------------------------------------------------------

  /** Mutes or unmutes the microphone (no renegotiation); the peer is told. */
  setMicMuted(muted: boolean): void {
    // Tracks being sent, and local tracks not (or not yet) sent.
    for (const { track } of [...this.#senders('audio'), ...localTracks(this.#local)]) {
      if (track?.kind === 'audio') track.enabled = !muted;
    }
    this.#setLocalMedia({ micMuted: muted });
  }

  /** Turns the camera off or on without renegotiation (the sender stops sending frames). */
  async setCameraOff(off: boolean): Promise<void> {
    const sender = this.#senders('video').find((s) => s !== this.#screenSender);
    // The camera track is kept while its sender sends nothing.
    this.#cameraTrack = sender?.track ?? this.#cameraTrack;
    if (sender && this.#cameraTrack) await sender.replaceTrack(off ? null : this.#cameraTrack);
    this.#setLocalMedia({ cameraOff: off });
  }

  /** Adds a track mid-call (e.g. upgrading audio to video); renegotiates. */
  addTrack(track: MediaStreamTrack, ...streams: MediaStream[]): RTCRtpSender {
    const pc = this.#requirePc();
    const sender = pc.addTrack(track, ...streams);
    const kind = track.kind === 'audio' ? 'audio' : 'video';
    if (!this.#media.includes(kind)) this.#media.push(kind);
    return sender;
  }

  /** Removes a track sent by {@link addTrack}; renegotiates. */
  removeTrack(sender: RTCRtpSender): void {
    this.#requirePc().removeTrack(sender);
  }

  /** Shares a screen track (from getDisplayMedia) as an extra video; renegotiates. */
  startScreenShare(track: MediaStreamTrack, stream?: MediaStream): void {
    if (this.#screenSender) this.stopScreenShare();
    this.#screenSender = this.addTrack(track, ...(stream ? [stream] : []));
    track.addEventListener('ended', () => this.stopScreenShare(), { once: true });
    this.#setLocalMedia({ screenSharing: true });
  }

  stopScreenShare(): void {
    const sender = this.#screenSender;
    if (!sender) return;
    this.#screenSender = undefined;
    if (this.#pc && this.#pc.connectionState !== 'closed') this.#pc.removeTrack(sender);
    this.#setLocalMedia({ screenSharing: false });
  }

  /** Sends text on the call's DataChannel. */
  send(text: string): void {
    if (this.#channel?.readyState !== 'open') this.#invalidState('the DataChannel is not open');
    this.#channel.send(text);
  }

  /** Replaces the STUN/TURN servers (e.g. a relay went down) and restarts ICE. */
  setIceServers(iceServers: RTCIceServer[]): void {
    this.#host.settings.iceServers = iceServers;
    this.#pc?.setConfiguration({ ...this.#pc.getConfiguration(), iceServers });
    this.restartIce();
  }

  /** Restarts ICE now (also done automatically when the connection drops). */
  restartIce(): void {
    const pc = this.#pc;
    if (!pc || !this.active) return;
    this.#restarts++;
    this.#lastRestartAt = Date.now();
    try {
      pc.restartIce(); // fires negotiationneeded
    } catch {
      // Engines without restartIce (node-datachannel): offer with iceRestart.
      void this.#negotiate({ iceRestart: true });
    }
  }

  // ----- internals -------------------------------------------------------------

  /** A negotiation step failed without ending the call. */
  #warn(message: string, cause: unknown): void {
    this.emit('warning', new ParleyError('negotiation-failed', message, { cause }));
  }

  #setState(state: CallState, reason?: EndReason): void {
    if (this.#state === state) return;
    this.#state = state;
    this.emit('statechange', reason ? { state, reason } : { state });
  }

  #end(reason: EndReason, notify: boolean): void {
    if (this.#state === 'ended') return;
    if (notify) this.#tell({ type: 'hangup', reason });
    this.#clearTimer(...this.#timers.keys());
    this.#closePeerConnection();
    this.#reason = reason;
    this.#endedAt = Date.now();
    this.#setState('ended', reason);
    this.emit('ended', this.summary());
    this.#host.release(this);
  }

  /** Runs `fn` in `ms` unless the timer `name` is already pending. */
  #timer(name: string, ms: number, fn: () => void): void {
    if (this.#timers.has(name)) return;
    this.#timers.set(
      name,
      setTimeout(() => {
        this.#timers.delete(name);
        fn();
      }, ms),
    );
  }

  #clearTimer(...names: string[]): void {
    for (const name of names) {
      clearTimeout(this.#timers.get(name));
      this.#timers.delete(name);
    }
  }

  /** Accepted (by either side): ring no more, connect within the connect timeout. */
  #connecting(): void {
    this.#clearTimer('invite');
    this.#setState('connecting');
    this.#timer('connect', this.#host.settings.connectTimeoutMs, () => this.#end('connect-timeout', true));
  }

  #send(signal: CallSignal): Promise<void> {
    return this.#host.send({ ...signal, callId: this.#id } as Signal);
  }

  /** Sends without waiting: a failed send is reported by the signal channel, not by the call. */
  #tell(signal: CallSignal): void {
    void this.#send(signal).catch(ignore);
  }

  #requirePc(): RTCPeerConnection {
    return this.#pc ?? this.#invalidState('no connection yet');
  }

  #invalidState(problem: string): never {
    throw new ParleyError('invalid-state', `the call is ${this.#state}: ${problem}`);
  }

  /** Senders of `kind`; one without a track counts as video (a camera turned off). */
  #senders(kind: 'audio' | 'video'): RTCRtpSender[] {
    try {
      return (this.#pc?.getSenders() ?? []).filter((s) => (s.track?.kind ?? 'video') === kind);
    } catch {
      return []; // engines without media (node-datachannel)
    }
  }

  /** Updates this side's media state and tells the peer. */
  #setLocalMedia(change: Partial<MediaState>): void {
    this.#localMedia = { ...this.#localMedia, ...change };
    if (this.active) this.#tell({ type: 'media', state: { ...this.#localMedia } });
  }

  #createPeerConnection(): void {
    const settings = this.#host.settings;
    const pc = settings.createPeerConnection({
      iceServers: settings.iceServers,
      iceTransportPolicy: settings.relayOnly ? 'relay' : 'all',
    });
    this.#pc = pc;
    this.#candidatesReady = false;
    pc.onicecandidate = (event) => this.#onLocalCandidate(event.candidate);
    pc.ontrack = (event) => this.emit('track', { track: event.track, streams: event.streams });
    pc.onnegotiationneeded = () => {
      // The first offer is made explicitly; later ones (tracks, restarts) come from here.
      if (this.#negotiatedOnce && pc.signalingState === 'stable') void this.#negotiate();
    };
    pc.onconnectionstatechange = () => this.#onConnectionState();
    pc.oniceconnectionstatechange = () => this.#onConnectionState();
  }

  #closePeerConnection(): void {
    const pc = this.#pc;
    this.#pc = undefined;
    this.#channel = undefined;
    if (!pc) return;
    pc.onicecandidate = null;
    pc.ontrack = null;
    pc.onnegotiationneeded = null;
    pc.onconnectionstatechange = null;
    pc.oniceconnectionstatechange = null;
    try {
      pc.close();
    } catch {
      // already closed
    }
  }

  /**
   * Adds local tracks, then the DataChannel if the call has one. The caller
   * also adds receive-only transceivers for kinds it does not send.
   */
  #addLocalMedia(addReceivers: boolean): void {
    const pc = this.#requirePc();
    const tracks = localTracks(this.#local);
    for (const { track, streams } of tracks) pc.addTrack(track, ...(streams ?? []));
    // Receive the kinds we asked for even without sending them. (The callee's
    // transceivers come from the offer: an answer cannot add m-lines.)
    for (const kind of ['audio', 'video'] as const) {
      if (addReceivers && this.#media.includes(kind) && !tracks.some((t) => t.track.kind === kind)) {
        pc.addTransceiver(kind, { direction: 'recvonly' });
      }
    }
    if (this.#media.includes('data')) this.#openDataChannel();
  }

  #openDataChannel(): void {
    // Negotiated with a fixed id on both sides: no ondatachannel race.
    const channel = this.#requirePc().createDataChannel('parley', { negotiated: true, id: 0 });
    this.#channel = channel;
    channel.onopen = () => {
      this.emit('datachannel', channel);
      this.#checkConnected();
    };
    channel.onmessage = (event: MessageEvent) => {
      if (typeof event.data === 'string') this.emit('message', event.data);
    };
    // The peer closed its connection (its DataChannel closes with it).
    channel.onclose = () => {
      if (this.#state === 'connected' && this.#channel === channel) this.#peerClosed();
    };
  }

  /** Makes and sends an offer (perfect negotiation: this side may be overruled). */
  #negotiate(options: RTCOfferOptions = {}): Promise<void> {
    const run = async (): Promise<void> => {
      const pc = this.#pc;
      if (!pc || !this.active) return;
      // Offer only from stable; the one exception is an engine (node-datachannel)
      // that already set its first local offer by itself.
      if (pc.signalingState !== 'stable' && (this.#negotiatedOnce || pc.signalingState !== 'have-local-offer')) return;
      try {
        this.#makingOffer = true;
        const offer = await pc.createOffer(options);
        // A remote offer won meanwhile (perfect negotiation), or the call moved on.
        const signaling = pc.signalingState as RTCSignalingState; // changed across the await
        if (signaling === 'have-remote-offer' || this.#pc !== pc) return;
        // Some engines (node-datachannel) set their first local offer themselves, and
        // their signalingState can lag behind: setting it again then races the answer
        // ("remote candidate without ICE transport"). The description itself tells.
        const setByEngine = !this.#negotiatedOnce && pc.localDescription?.type === 'offer';
        if (signaling === 'stable' && !setByEngine) await pc.setLocalDescription(offer);
        this.#negotiatedOnce = true;
        await this.#sendLocalDescription(pc, 'offer');
      } catch (error) {
        this.#warn('could not make an offer', error);
      } finally {
        this.#makingOffer = false;
      }
    };
    return this.#serialise(run);
  }

  /** Runs `work` after the negotiation work before it, so that descriptions never interleave. */
  #serialise(work: () => Promise<void>): Promise<void> {
    return (this.#negotiationChain = this.#negotiationChain.then(work, work));
  }

  async #sendLocalDescription(pc: RTCPeerConnection, kind: 'offer' | 'answer'): Promise<void> {
    if (!this.#host.settings.trickle) await this.#waitForGathering(pc);
    // The connection was replaced meanwhile (glare adoption, end): its description is stale.
    if (this.#pc !== pc) return;
    const sdp = pc.localDescription?.sdp;
    if (!sdp) throw new ParleyError('negotiation-failed', 'no local description');
    const hold = kind === 'offer' && this.#host.settings.trickle;
    if (hold) this.#holding ||= true;
    await this.#send({ type: 'sdp', kind, sdp: hold ? this.#holdSdpCandidates(sdp) : sdp });
  }

  /** Takes the candidates out of an SDP (some engines put them in the offer) and holds them with ours. */
  #holdSdpCandidates(sdp: string): string {
    // By media section, for its mid (its a=mid may come after its candidates).
    for (const section of sdp.split(/^(?=m=)/m)) {
      const mid = /^a=mid:(.*)/m.exec(section)?.[1] ?? '0';
      for (const [, candidate = ''] of section.matchAll(/^a=(candidate:.*)/gm)) {
        if (!this.#localBatch.some((c) => c.candidate === candidate)) this.#localBatch.push({ mid, candidate });
      }
    }
    return sdp
      .split(/\r?\n/)
      .filter((line) => !/^a=(candidate:|end-of-candidates$)/.test(line))
      .join('\r\n');
  }

  /** The answer is in: send the candidates held back since our offer. */
  #releaseHeldCandidates(): void {
    if (!this.#holding) return;
    const end = this.#holding === 'end';
    this.#holding = false;
    this.#flushLocalCandidates(end);
  }

  #waitForGathering(pc: RTCPeerConnection): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.#host.settings.gatherTimeoutMs);
      const check = (): void => {
        if (pc.iceGatheringState !== 'complete') return;
        clearTimeout(timer);
        resolve();
      };
      // Left attached: once resolved, later gathering changes do nothing.
      pc.addEventListener('icegatheringstatechange', check);
      check();
    });
  }

  async #applyRemoteSdp(kind: 'offer' | 'answer', sdp: string): Promise<void> {
    const pc = this.#pc;
    if (!pc) return;
    const work = async (): Promise<void> => {
      if (this.#pc !== pc || !this.active) return;
      const collision = kind === 'offer' && (this.#makingOffer || pc.signalingState !== 'stable');
      this.#ignoreOffer = !this.polite && collision;
      if (this.#ignoreOffer) return;
      try {
        if (collision) await pc.setLocalDescription({ type: 'rollback' });
        await pc.setRemoteDescription({ type: kind, sdp });
        if (kind === 'offer') {
          const firstAnswer = !this.#negotiatedOnce;
          if (firstAnswer) {
            // What the offer carries is what the call carries (an invite may not say: the IRC draft's don't).
            const offered = [...sdp.matchAll(/^m=(audio|video|application) /gm)].map(([, kind]) =>
              kind === 'application' ? 'data' : (kind as MediaKind),
            );
            if (offered.length) this.#media = [...new Set(offered)];
            this.#addLocalMedia(false);
          }
          await pc.setLocalDescription(await pc.createAnswer());
        }
        this.#negotiatedOnce = true;
        // Candidates only once both descriptions are in: some engines
        // (libdatachannel) have no ICE transport before the local answer.
        this.#candidatesReady = true;
        await this.#flushRemoteCandidates();
        if (kind === 'offer') await this.#sendLocalDescription(pc, 'answer');
        // Our offer was answered, or lost a collision to theirs: our candidates may go.
        this.#releaseHeldCandidates();
      } catch (error) {
        this.#warn(`could not apply the remote ${kind}`, error);
        // Before the first connection there is no call to keep.
        if (!this.#connectedAt) this.#end('error', true);
      }
    };
    // Serialised with our own offers.
    return this.#serialise(work);
  }

  async #addRemoteCandidate(candidate: WireCandidate): Promise<void> {
    const pc = this.#pc;
    if (!pc || !this.#candidatesReady) {
      if (this.#remoteCandidates.length < MAX_QUEUED_CANDIDATES) this.#remoteCandidates.push(candidate);
      return;
    }
    try {
      await pc.addIceCandidate({ candidate: candidate.candidate, sdpMid: candidate.mid });
    } catch (error) {
      if (!this.#ignoreOffer) this.#warn('a remote candidate was refused', error);
    }
  }

  async #flushRemoteCandidates(): Promise<void> {
    for (const candidate of this.#remoteCandidates.splice(0)) await this.#addRemoteCandidate(candidate);
  }

  #onLocalCandidate(candidate: RTCIceCandidate | null): void {
    if (!this.#host.settings.trickle) return; // they travel inside the SDP
    if (candidate?.candidate) {
      // node-datachannel reports `a=candidate:…`; the wire form is `candidate:…`.
      this.#localBatch.push({ mid: candidate.sdpMid ?? '0', candidate: candidate.candidate.replace(/^a=/, '') });
      this.#timer('batch', this.#host.settings.candidateBatchMs, () => this.#flushLocalCandidates(false));
    } else if (!candidate) {
      this.#flushLocalCandidates(true);
    }
  }

  #flushLocalCandidates(end: boolean): void {
    this.#clearTimer('batch');
    if (this.#holding) {
      if (end) this.#holding = 'end';
      return;
    }
    const batch = this.#localBatch.splice(0);
    if (!this.active) return;
    if (batch.length > 0) this.#tell({ type: 'ice', candidates: batch });
    if (end) this.#tell({ type: 'ice-end' });
  }

  #isConnectionUp(pc: RTCPeerConnection): boolean {
    return pc.connectionState === 'connected' || ['connected', 'completed'].includes(pc.iceConnectionState);
  }

  #checkConnected(): void {
    const pc = this.#pc;
    if (!pc || this.#state !== 'connecting') return;
    if (!this.#isConnectionUp(pc)) return;
    if (this.#media.includes('data') && this.#channel?.readyState !== 'open') return;
    this.#clearTimer('connect');
    this.#connectedAt = Date.now();
    this.#setState('connected');
    this.#startStats();
  }

  #onConnectionState(): void {
    const pc = this.#pc;
    if (!pc) return;
    const states = [pc.iceConnectionState, pc.connectionState];
    const failed = states.includes('failed');
    if (this.#state === 'connecting') {
      if (failed || pc.connectionState === 'closed') return this.#end('ice-failed', true);
      return this.#checkConnected();
    }
    if (this.#state !== 'connected') return;
    // Some engines (node-datachannel) close the connection themselves when the
    // peer closes theirs or the transport fails for good.
    if (states.includes('closed')) return this.#peerClosed();
    if (this.#isConnectionUp(pc)) {
      if (this.#disconnectedAt !== undefined) {
        const downtimeMs = Date.now() - this.#disconnectedAt;
        this.#disconnectedAt = undefined;
        this.#clearTimer('restart', 'reconnect');
        this.emit('reconnected', { downtimeMs, restarts: this.#restarts });
      }
      return;
    }
    if (!failed && !states.includes('disconnected')) return;
    if (this.#disconnectedAt === undefined) {
      this.#disconnectedAt = Date.now();
      this.emit('reconnecting', { since: this.#disconnectedAt });
      this.#timer('reconnect', this.#host.settings.reconnectTimeoutMs, () => this.#end('ice-failed', true));
    }
    const grace = this.#host.settings.iceRestartGraceMs;
    if (failed && !this.polite) {
      // Both the ICE and the connection state report a failure: restart once per grace period.
      this.#clearTimer('restart');
      if (Date.now() - this.#lastRestartAt >= grace) this.restartIce();
    } else {
      // The caller restarts; the callee only if the caller has not within a second grace period.
      this.#timer('restart', (failed ? grace : 2 * grace) / (this.polite ? 1 : 2), () => {
        if (this.#pc && !this.#isConnectionUp(this.#pc)) this.restartIce();
      });
    }
  }

  /** The connection closed under us: give the peer's HANGUP a moment to arrive, else it is gone. */
  #peerClosed(): void {
    this.#clearTimer('restart', 'reconnect');
    this.#timer('peer-close', this.#host.settings.peerCloseGraceMs, () => this.#end('peer-gone', false));
  }

  #startStats(): void {
    const interval = this.#host.settings.statsIntervalMs;
    if (interval <= 0) return;
    this.#timer('stats', interval, () => {
      this.#startStats();
      if (this.#pc) {
        void sampleStats(this.#pc, this.#lastStats).then((sample) => {
          this.#lastStats = sample;
          this.emit('stats', sample.stats);
        }, ignore);
      }
    });
  }
}
