import { Call, localTracks, type CallHost, type LocalMedia } from './call.js';
import { resolveCallSettings, type CallSettings, type ResolvedCallSettings } from './call-options.js';
import type { CallState } from './call-state.js';
import { ParleyError } from './errors.js';
import { randomId } from './ids.js';
import type { Capability, MediaKind, Signal } from './signal.js';
import { SignalChannel, type SignalChannelOptions } from './signal-channel.js';
import { Listeners, type SignalTransport } from './transport.js';
import { TypedEventTarget } from './typed-events.js';
import { PROTOCOL_VERSION } from './version.js';

export interface CallManagerOptions extends CallSettings {
  /** Capabilities to advertise; defaults to VOICE VIDEO FILE CHAT PARLEY/<n>. */
  capabilities?: Capability[];
  /** Most invites ringing at once; more are answered `busy` (a bound against invite floods). */
  maxRinging?: number;
}

export interface CallManagerEvents {
  /** A peer is calling and no other call is active: ring, then `accept()` or `decline()`. */
  incoming: Call;
  /** A peer is calling while `active` is under way: decline it as busy, or `switchTo()` it. */
  'call-waiting': { call: Call; active: Call };
  /** Any call was created (placed, incoming, or adopted by glare). */
  call: Call;
  /** A peer sent something that is not a valid signal; it was dropped. */
  'signal-error': { peerId: string; error: ParleyError };
}

export interface PlaceCallOptions extends LocalMedia {
  /** What the call carries; defaults to the kinds of the given tracks, or `data`. */
  media?: MediaKind[];
  /** How long the invite rings, in ms. */
  lifetimeMs?: number;
}

interface PeerEntry {
  channel: SignalChannel;
  /** Pending capability queries: each settles with the caps, or with the error that ends it. */
  capsReplies: Listeners<Capability[] | ParleyError>;
}

/**
 * The entry point of the core: knows the peers (one {@link SignalTransport}
 * each), places and receives calls, answers capability queries, resolves
 * whole-call glare and raises call-waiting.
 */
export class CallManager extends TypedEventTarget<CallManagerEvents> {
  readonly settings: ResolvedCallSettings;
  readonly capabilities: Capability[];
  readonly #maxRinging: number;
  readonly #peers = new Map<string, PeerEntry>();
  readonly #calls = new Map<string, Call>();

  constructor(options: CallManagerOptions = {}) {
    super();
    this.settings = resolveCallSettings(options);
    this.capabilities = options.capabilities ?? ['VOICE', 'VIDEO', 'FILE', 'CHAT', `PARLEY/${PROTOCOL_VERSION}`];
    this.#maxRinging = options.maxRinging ?? 4;
  }

  /** Calls not yet ended. */
  get calls(): Call[] {
    return [...this.#calls.values()];
  }

  /** The call in progress (placed, connecting or connected), if any. */
  get activeCall(): Call | undefined {
    return this.calls.find((c) => c.state !== 'incoming' && c.active);
  }

  /** Adds a peer reachable through `transport`. Returns a function that removes it. */
  addPeer(peerId: string, transport: SignalTransport, options: SignalChannelOptions = {}): () => void {
    this.removePeer(peerId);
    const channel = new SignalChannel(transport, options);
    const entry: PeerEntry = { channel, capsReplies: new Listeners() };
    this.#peers.set(peerId, entry);
    channel.onSignal((signal) => this.#onSignal(peerId, entry, signal));
    channel.onError((error) => this.emit('signal-error', { peerId, error }));
    channel.onClose(() => {
      for (const call of this.calls) if (call.peerId === peerId) call.peerGone();
    });
    return () => this.removePeer(peerId);
  }

  removePeer(peerId: string): void {
    const entry = this.#peers.get(peerId);
    if (!entry) return;
    for (const call of this.calls) if (call.peerId === peerId) call.hangup();
    entry.channel.close();
    entry.capsReplies.emit(new ParleyError('transport-closed', 'peer removed'));
    this.#peers.delete(peerId);
  }

  /** Asks a peer what it supports. Rejects with `unsupported` on an ERROR reply or silence. */
  queryCapabilities(peerId: string, timeoutMs = 5000): Promise<Capability[]> {
    const entry = this.#requirePeer(peerId);
    return new Promise((resolve, reject) => {
      const settle = (result: Capability[] | ParleyError): void => {
        stop();
        clearTimeout(timer);
        if (result instanceof ParleyError) reject(result);
        else resolve(result);
      };
      const stop = entry.capsReplies.add(settle);
      const timer = setTimeout(
        () => settle(new ParleyError('unsupported', `${peerId} did not answer CAPS? within ${timeoutMs} ms`)),
        timeoutMs,
      );
      entry.channel.send({ type: 'caps-query' }).catch((error: unknown) => {
        settle(new ParleyError('transport-closed', 'could not send CAPS?', { cause: error }));
      });
    });
  }

  /**
   * Calls a peer. When that peer is already ringing us, this accepts its call
   * instead: both people want the same call.
   */
  call(peerId: string, options: PlaceCallOptions = {}): Call {
    this.#requirePeer(peerId);
    const ringing = this.#callWith(peerId, 'incoming');
    if (ringing) {
      void ringing.accept(options).catch((error: unknown) => ringing.emitWarning(error));
      return ringing;
    }
    const media = options.media ?? inferMedia(options);
    const call = new Call(this.#hostFor(peerId), { id: randomId(), peerId, direction: 'outgoing', media });
    this.#calls.set(call.id, call);
    this.emit('call', call);
    void call.start(options, options.lifetimeMs ?? this.settings.inviteLifetimeMs).catch((error: unknown) => {
      call.emitWarning(error);
      call.hangup('error');
    });
    return call;
  }

  /** Hangs up the active call and accepts `waiting` instead. */
  async switchTo(waiting: Call, local: LocalMedia = {}): Promise<void> {
    for (const call of this.calls) if (call !== waiting && call.state !== 'incoming') call.hangup();
    await waiting.accept(local);
  }

  /** Hangs up every call and forgets every peer. */
  close(): void {
    for (const peerId of [...this.#peers.keys()]) this.removePeer(peerId);
  }

  #requirePeer(peerId: string): PeerEntry {
    const entry = this.#peers.get(peerId);
    if (!entry) throw new ParleyError('invalid-state', `unknown peer ${peerId}: addPeer() first`);
    return entry;
  }

  #callWith(peerId: string, state: CallState): Call | undefined {
    return this.calls.find((c) => c.peerId === peerId && c.state === state);
  }

  #hostFor(peerId: string): CallHost {
    return {
      settings: this.settings,
      send: (signal) => this.#requirePeer(peerId).channel.send(signal),
      release: (call) => {
        if (this.#calls.get(call.id) === call) this.#calls.delete(call.id);
      },
    };
  }

  #onSignal(peerId: string, entry: PeerEntry, signal: Signal): void {
    if (signal.type === 'caps-query') {
      void entry.channel.send({ type: 'caps', caps: this.capabilities }).catch(() => undefined);
    } else if (signal.type === 'caps') {
      entry.capsReplies.emit(signal.caps);
    } else if (signal.type === 'invite') {
      this.#onInvite(peerId, signal);
    } else if (signal.callId) {
      const call = this.#calls.get(signal.callId);
      // Signals for unknown calls (stale, or forged) are dropped without a reply.
      if (call?.peerId === peerId) void call.handle(signal);
    } else {
      // Only an ERROR may come without a call id: it answers a capability
      // query, and says the peer does not do calls.
      entry.capsReplies.emit(new ParleyError('unsupported', `${peerId} does not support calls`));
    }
  }

  #onInvite(peerId: string, invite: Extract<Signal, { type: 'invite' }>): void {
    if (this.#calls.has(invite.callId)) return; // a duplicate
    // Whole-call glare: both sides called each other at once. The lower call id
    // wins on both sides, so exactly one call results.
    const crossing = this.#callWith(peerId, 'outgoing'); // only placed calls are ever `outgoing`
    if (crossing) {
      if (invite.callId < crossing.id) {
        this.#calls.delete(crossing.id);
        // adopt() takes the peer's call id at once, before its first await.
        void crossing.adopt(invite).catch((error: unknown) => crossing.emitWarning(error));
        this.#calls.set(invite.callId, crossing);
      }
      // Otherwise ours wins: the peer adopts it, so its invite is ignored.
      return;
    }
    const ringing = this.calls.filter((c) => c.state === 'incoming');
    const host = this.#hostFor(peerId);
    if (ringing.length >= this.#maxRinging || this.#callWith(peerId, 'incoming')) {
      void host.send({ type: 'busy', callId: invite.callId }).catch(() => undefined);
      return;
    }
    const call = new Call(host, { id: invite.callId, peerId, direction: 'incoming', media: invite.media });
    this.#calls.set(call.id, call);
    call.ring(Math.min(invite.lifetimeMs, this.settings.inviteLifetimeMs));
    this.emit('call', call);
    const active = this.activeCall;
    if (active) this.emit('call-waiting', { call, active });
    else this.emit('incoming', call);
  }
}

function inferMedia(local: LocalMedia): MediaKind[] {
  const kinds = new Set(
    localTracks(local).map(({ track }) => (track.kind === 'audio' ? 'audio' : 'video') as MediaKind),
  );
  return kinds.size ? [...kinds] : ['data'];
}
