import { Listeners, type SignalTransport } from '@parley/core';

/**
 * How signals travel to one peer: Parley signal lines in TAGMSG tags or in
 * CTCP, or the 2015 draft's messages (for clients that only speak the draft).
 */
export type PeerMode = 'tags' | 'ctcp' | 'draft';

/** What a peer transport asks of the {@link IrcSignaling} that owns it. */
export interface PeerTransportHost {
  /** Largest core signal line that fits one IRC line to `nick` in `mode`. */
  maxMessageBytes(nick: string, mode: PeerMode): number;
  send(transport: IrcPeerTransport, text: string): void;
}

/**
 * The core's view of one IRC peer: a {@link SignalTransport} whose sends go
 * through the connection's flood-safe queue (shared by every peer, since the
 * server counts per connection, so the transport itself declares no rate).
 */
export class IrcPeerTransport implements SignalTransport {
  readonly rate = undefined;
  readonly #host: PeerTransportHost;
  readonly #messages = new Listeners<string>();
  readonly #closes = new Listeners<string>();
  #nick: string;
  #mode: PeerMode;

  constructor(host: PeerTransportHost, nick: string, mode: PeerMode) {
    this.#host = host;
    this.#nick = nick;
    this.#mode = mode;
  }

  get nick(): string {
    return this.#nick;
  }

  get mode(): PeerMode {
    return this.#mode;
  }

  /** Switches the envelope (after discovery, or when the peer writes to us in another form). */
  setMode(mode: PeerMode): void {
    this.#mode = mode;
  }

  get maxMessageBytes(): number {
    return this.#host.maxMessageBytes(this.#nick, this.#mode);
  }

  send(text: string): void {
    this.#host.send(this, text);
  }

  onMessage(handler: (text: string) => void): () => void {
    return this.#messages.add(handler);
  }

  onClose(handler: (reason: string) => void): () => void {
    return this.#closes.add(handler);
  }

  /** @internal A signal line from the peer. */
  deliver(text: string): void {
    this.#messages.emit(text);
  }

  /** @internal The peer quit, parted or changed nick: its calls end with `peer-gone`. */
  gone(reason: string): void {
    this.#closes.emit(reason);
  }
}
