import {
  PacedSender,
  ParleyError,
  TypedEventTarget,
  splitMessage,
  type Call,
  type CallManager,
  type PlaceCallOptions,
  type Result,
  type SendRate,
} from '@parley/core';
import { DraftBridge } from './draft-bridge.js';
import { decodeDraft, encodeDraft, type DraftMessage, type ReceivedDraftMessage } from './draft-codec.js';
import { DEFAULT_FLOOD } from './flood.js';
import { IrcPeerTransport, type PeerMode, type PeerTransportHost } from './irc-peer-transport.js';
import { formatIrcLine, parseIrcLine, type IrcMessage } from './irc-message.js';
import { ircLower, isupportNumber } from './isupport.js';
import { isCtcp } from './ctcp.js';
import { ctcpBudget, escapedTagLength, textBudget } from './line-budget.js';
import type { IrcLineIO } from './line-io.js';
import {
  frameParley,
  isControlText,
  PARLEY_CTCP,
  PARLEY_TAGS_TOKEN,
  PARLEY_TOKEN,
  unframeParley,
  type ParleyForm,
} from './parley-framing.js';
import { KeyedRateLimiter } from './rate-limiter.js';
import { IrcSessionState } from './session-state.js';
import { splitUtf8 } from './utf8.js';

/** Our own cap on one TAGMSG's tag: under the 4094 the spec allows, and under the 4 KB flood limit. */
const TAG_TEXT_BYTES = 3400;
const DRAFT_TOKENS = new Set(['VOICE', 'VIDEO', 'FILE']);
/** Peers (and answers to our queries) remembered at once; the idle oldest make room. */
const MAX_PEERS = 256;

export interface IrcSignalingOptions {
  /** The IRC connection: Parley's own (`@parley/irc/node`), irc-framework's, or raw lines. */
  io: IrcLineIO;
  /** Calls placed and received over this connection; peers are added as they appear. */
  manager: CallManager;
  /**
   * Whether invites from `nick` may ring at all (e.g. an allowlist, or people
   * with an open query). Default: everyone; each call still waits for `accept()`.
   */
  allow?: (nick: string) => boolean;
  /** `auto` (default): Parley mode with peers that advertise it, the draft with others. `draft`: only the draft. */
  protocol?: 'auto' | 'draft';
  /** The connection's send budget. Default: {@link DEFAULT_FLOOD}, safe on a default InspIRCd. */
  flood?: SendRate | undefined;
  /** How long to wait for a CAPABILITIES answer (default 3 s). */
  discoveryTimeoutMs?: number;
  /** Invites that may ring per nick, and from everyone, per minute (defaults 3 and 12). */
  invitesPerMinute?: { perNick: number; total: number };
  /** End calls when the peer parts a channel, not only on QUIT or a nick change (default true). */
  endOnPart?: boolean;
}

/** What a peer said it supports, and how Parley will talk to it. */
export interface PeerInfo {
  nick: string;
  caps: string[];
  mode: PeerMode;
}

export interface IrcSignalingEvents {
  /** An invite or query was dropped: the nick is not allowed, or sent too many. */
  blocked: { nick: string; reason: 'policy' | 'rate-limit' };
  /** A peer sent something unreadable; it was dropped (and may have got an ERROR reply). */
  'signal-error': { nick: string; error: ParleyError };
  /** A peer answered a capabilities query. */
  capabilities: PeerInfo;
  /**
   * A plain private message (a PRIVMSG to us that is no CTCP and carries no
   * signal), e.g. the answer link to a fallback invite. From any user: filter by nick.
   */
  text: { nick: string; text: string };
}

interface Discovery {
  resolve: (info: PeerInfo) => void;
  reject: (error: ParleyError) => void;
}

/**
 * WebRTC signaling over one IRC connection, for one {@link CallManager}.
 * Finds out what each peer speaks (the draft's CAPABILITIES query), then
 * carries the core's signals in TAGMSG tags, in CTCP, or as the 2015 draft's
 * messages; paces every line under the server's flood limits; bounds what
 * strangers can make it do; and ends calls when the peer quits, parts or
 * changes nick.
 */
export class IrcSignaling extends TypedEventTarget<IrcSignalingEvents> implements PeerTransportHost {
  readonly state: IrcSessionState;
  readonly manager: CallManager;
  readonly #io: IrcLineIO;
  readonly #allow: (nick: string) => boolean;
  readonly #protocol: 'auto' | 'draft';
  readonly #discoveryTimeoutMs: number;
  readonly #endOnPart: boolean;
  readonly #outbox: PacedSender;
  readonly #transports = new Map<string, IrcPeerTransport>();
  readonly #bridges = new Map<IrcPeerTransport, DraftBridge>();
  readonly #known = new Map<string, PeerInfo>();
  readonly #discoveries = new Map<string, Discovery[]>();
  readonly #invitesPerNick: KeyedRateLimiter;
  readonly #invitesTotal: KeyedRateLimiter;
  /** Capability answers and ERROR replies: a few per nick, and a bound for everyone, so one stranger cannot use it all up. */
  readonly #repliesPerNick = new KeyedRateLimiter({ burst: 3, perMinute: 6 });
  readonly #replies = new KeyedRateLimiter({ burst: 20, perMinute: 120 });
  readonly #unsubscribe: Array<() => void> = [];
  readonly #ownsState: boolean;

  constructor(options: IrcSignalingOptions) {
    super();
    this.#io = options.io;
    this.manager = options.manager;
    this.#allow = options.allow ?? (() => true);
    this.#protocol = options.protocol ?? 'auto';
    this.#discoveryTimeoutMs = options.discoveryTimeoutMs ?? 3000;
    this.#endOnPart = options.endOnPart ?? true;
    const limits = options.invitesPerMinute ?? { perNick: 3, total: 12 };
    this.#invitesPerNick = new KeyedRateLimiter({ burst: limits.perNick, perMinute: limits.perNick });
    this.#invitesTotal = new KeyedRateLimiter({ burst: limits.total, perMinute: limits.total });
    this.#outbox = new PacedSender('flood' in options ? options.flood : DEFAULT_FLOOD, (line) => this.#io.send(line));
    // A connection Parley owns already tracks its session; anything else is tracked here.
    const owned = (options.io as { state?: unknown }).state;
    this.#ownsState = !(owned instanceof IrcSessionState);
    this.state = owned instanceof IrcSessionState ? owned : new IrcSessionState(options.io.initial);
    this.#unsubscribe.push(
      this.#io.onLine((line) => this.#onLine(line)),
      this.state.on('quit', ({ nick }) => this.#peerGone(nick, 'quit', true)),
      this.state.on('nick', ({ nick }) => this.#peerGone(nick, 'nick change', true)),
      this.state.on('part', ({ nick }) => {
        if (this.#endOnPart) this.#peerGone(nick, 'part', false);
      }),
    );
    if (this.#io.onClose) {
      this.#unsubscribe.push(this.#io.onClose((reason) => this.#connectionClosed(reason)));
    }
  }

  /**
   * Asks `nick` what it supports (the draft's CAPABILITIES query) and picks
   * how to talk to it. Rejects with `unsupported` when the peer answers
   * `ERROR WEBRTC` or not at all: offer it a link to the join page instead.
   */
  discover(nick: string, timeoutMs = this.#discoveryTimeoutMs): Promise<PeerInfo> {
    const key = this.#key(nick);
    return new Promise((resolve, reject) => {
      const waiters = this.#discoveries.get(key) ?? [];
      this.#discoveries.set(key, waiters);
      const timer = setTimeout(() => {
        waiter.reject(new ParleyError('unsupported', `${nick} did not answer a WebRTC capabilities query`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        const list = this.#discoveries.get(key);
        list?.splice(list.indexOf(waiter), 1);
        if (list?.length === 0) this.#discoveries.delete(key);
      };
      const waiter: Discovery = {
        resolve: (info) => {
          done();
          resolve(info);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      };
      waiters.push(waiter);
      if (waiters.length === 1) this.#sendDraft(nick, [{ kind: 'capabilities' }]);
    });
  }

  /** The transport for `nick`, added to the manager on first use. */
  peer(nick: string, mode: PeerMode = this.#known.get(this.#key(nick))?.mode ?? 'draft'): IrcPeerTransport {
    const key = this.#key(nick);
    let transport = this.#transports.get(key);
    if (!transport) {
      this.#evictIdlePeer();
      transport = new IrcPeerTransport(this, nick, mode);
      this.#transports.set(key, transport);
      this.manager.addPeer(nick, transport);
      // Servers tell QUITs and nick changes only to those sharing a channel: MONITOR tells us anyway.
      if (this.state.isupport['MONITOR'] !== undefined) this.#sendRaw(`MONITOR + ${nick}`);
    } else if (transport.mode !== mode) {
      transport.setMode(mode);
    }
    return transport;
  }

  /** Bounded memory: past {@link MAX_PEERS}, the oldest peer without a call is forgotten. */
  #evictIdlePeer(): void {
    if (this.#transports.size < MAX_PEERS) return;
    const busy = new Set(this.manager.calls.map((call) => this.#key(call.peerId)));
    for (const [key, transport] of this.#transports) {
      if (busy.has(key)) continue;
      this.#forget(key, transport);
      return;
    }
  }

  /** Finds out what `nick` speaks (unless known), then calls it. Rejects with `unsupported` as {@link discover} does. */
  async call(nick: string, options: PlaceCallOptions = {}): Promise<Call> {
    // What a peer speaks is known until it quits or changes nick.
    const info = this.#known.get(this.#key(nick)) ?? (await this.discover(nick));
    this.peer(nick, info.mode);
    return this.manager.call(nick, options);
  }

  /**
   * Sends plain chat text (e.g. the fallback invite with a join link), split
   * into as many PRIVMSGs as the line budget needs, never inside a character.
   */
  sendText(nick: string, text: string): void {
    const budget = this.textBudget(nick);
    for (const line of text.split(/\r?\n/)) {
      for (const part of splitUtf8(line, budget)) {
        if (part) this.#outbox.enqueue([formatIrcLine({ command: 'PRIVMSG', params: [nick, part] })], 'control');
      }
    }
  }

  /** The most UTF-8 bytes of text one PRIVMSG to `nick` carries whole (the server cuts longer lines). */
  textBudget(nick: string): number {
    return textBudget(this.#budgetOptions(nick, 'PRIVMSG'));
  }

  /** Nicks with a transport in the manager (at most 256; idle ones are forgotten first). */
  get peers(): string[] {
    return [...this.#transports.values()].map((t) => t.nick);
  }

  /** Lines waiting for the flood budget. */
  get queued(): number {
    return this.#outbox.queued;
  }

  /** Stops listening; the calls and peers stay with the manager until it closes them. */
  close(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
    this.#outbox.clear();
    for (const bridge of this.#bridges.values()) bridge.close();
    const error = new ParleyError('transport-closed', 'IRC signaling closed');
    for (const waiters of this.#discoveries.values()) for (const w of [...waiters]) w.reject(error);
  }

  // ----- PeerTransportHost ------------------------------------------------------

  /** @internal */
  maxMessageBytes(nick: string, mode: PeerMode): number {
    if (mode === 'draft') return Infinity; // the bridge sends whole signals as draft messages
    if (mode === 'tags') return TAG_TEXT_BYTES;
    return ctcpBudget(this.#budgetOptions(nick, 'PRIVMSG')) - PARLEY_CTCP.length - 1;
  }

  /** @internal */
  send(transport: IrcPeerTransport, text: string): void {
    if (transport.mode === 'draft') return this.#bridgeFor(transport).fromCore(text);
    const form: ParleyForm = transport.mode;
    // Tag escaping can double a text's size: re-split what would not fit (the peer's core reassembles).
    const pieces =
      form === 'tags' && escapedTagLength(text) > TAG_TEXT_BYTES ? splitMessage(text, TAG_TEXT_BYTES / 2) : [text];
    const priority = isControlText(text) ? 'control' : 'bulk';
    this.#outbox.enqueue(
      pieces.map((piece) => frameParley(piece, transport.nick, form)),
      priority,
    );
  }

  // ----- input ------------------------------------------------------------------

  #onLine(line: string): void {
    const parsed = this.#ownsState ? this.state.feed(line) : parseIrcLine(line);
    if (!parsed.ok) return; // not even an IRC line: nothing to answer
    const message = parsed.value;
    if (message.command === '731') return this.#monitorOffline(message.params[1] ?? '');
    const nick = message.source?.nick;
    if (!nick || !message.source?.user || this.state.isSelf(nick)) return; // servers, and our own echoes
    if (message.command !== 'PRIVMSG' && message.command !== 'NOTICE' && message.command !== 'TAGMSG') return;
    if (!this.state.isSelf(message.params[0])) return; // calls are one to one: channel messages are not ours
    const parley = unframeParley(message);
    if (parley) {
      if (!parley.ok) return this.#signalError(nick, parley.error);
      if (this.#protocol === 'auto') this.#onParley(nick, parley.value.text, parley.value.form);
      return;
    }
    const decoded = decodeDraft(message);
    if (decoded) return this.#onDraftMessage(nick, message, decoded);
    const text = message.params[1];
    if (message.command === 'PRIVMSG' && text && !isCtcp(text)) this.emit('text', { nick, text });
  }

  #onParley(nick: string, text: string, form: ParleyForm): void {
    const key = this.#key(nick);
    const known = this.#transports.get(key);
    if (text.startsWith('INVITE ')) {
      if (!this.#admitInvite(nick)) return;
    } else if (!known) {
      return; // no invite, no query from us: nothing of ours to talk about
    }
    this.peer(nick, form).deliver(text);
  }

  #onDraftMessage(nick: string, message: IrcMessage, decoded: Result<ReceivedDraftMessage>): void {
    if (!decoded.ok) {
      // An intent we do not know gets the draft's ERROR reply; a garbled one is only dropped.
      const unknown = decoded.error.code === 'unknown-signal' && message.command === 'PRIVMSG';
      if (unknown && this.#repliesPerNick.take(this.#key(nick)) && this.#replies.take('*')) {
        this.#sendDraft(nick, [{ kind: 'error', intent: 'WEBRTC' }]);
      }
      return this.#signalError(nick, decoded.error);
    }
    const draft = decoded.value;
    if (draft.kind === 'capabilities') return this.#onCapabilities(nick, draft);
    if (draft.kind === 'error') this.#failDiscovery(nick);
    const transport = this.#transports.get(this.#key(nick));
    if (draft.kind === 'call-offer') {
      if (!this.#admitInvite(nick)) return;
      this.#bridgeFor(this.peer(nick, 'draft')).fromDraft(draft);
      return;
    }
    if (transport?.mode === 'draft') this.#bridgeFor(transport).fromDraft(draft);
  }

  #onCapabilities(nick: string, message: ReceivedDraftMessage & { kind: 'capabilities' }): void {
    if (message.caps === undefined) {
      if (!this.#repliesPerNick.take(this.#key(nick)) || !this.#replies.take('*')) {
        return this.emit('blocked', { nick, reason: 'rate-limit' });
      }
      return this.#sendDraft(nick, [{ kind: 'capabilities', caps: this.#ownCaps() }]);
    }
    const key = this.#key(nick);
    // Only answers to our own queries count: unsolicited ones would let anyone grow this map.
    if (!this.#discoveries.has(key) && !this.#transports.has(key)) return;
    const info: PeerInfo = { nick, caps: message.caps, mode: this.#modeFor(message.caps) };
    if (this.#known.size >= MAX_PEERS) this.#known.delete(this.#known.keys().next().value as string);
    this.#known.set(key, info);
    this.emit('capabilities', info);
    for (const waiter of [...(this.#discoveries.get(this.#key(nick)) ?? [])]) waiter.resolve(info);
    const transport = this.#transports.get(this.#key(nick));
    if (transport?.mode === 'draft') this.#bridgeFor(transport).fromDraft(message);
  }

  #failDiscovery(nick: string): void {
    const error = new ParleyError('unsupported', `${nick} does not support WebRTC calls (ERROR WEBRTC)`);
    for (const waiter of [...(this.#discoveries.get(this.#key(nick)) ?? [])]) waiter.reject(error);
  }

  #admitInvite(nick: string): boolean {
    if (!this.#allow(nick)) {
      this.emit('blocked', { nick, reason: 'policy' });
      return false;
    }
    // The per-nick limit is for strangers: someone we asked what they speak may call back often.
    const stranger = !this.#known.has(this.#key(nick));
    if ((stranger && !this.#invitesPerNick.take(this.#key(nick))) || !this.#invitesTotal.take('*')) {
      this.emit('blocked', { nick, reason: 'rate-limit' });
      return false;
    }
    return true;
  }

  #signalError(nick: string, error: ParleyError): void {
    this.emit('signal-error', { nick, error });
  }

  // ----- output -----------------------------------------------------------------

  #sendDraft(nick: string, messages: DraftMessage[]): void {
    for (const message of messages) {
      try {
        // SDP-START, the lines and SDP-END must stay in order: all bulk, like candidates.
        const bulk = message.kind.startsWith('sdp') || message.kind === 'ice';
        this.#outbox.enqueue(encodeDraft(message, nick), bulk ? 'bulk' : 'control');
      } catch (error) {
        this.#signalError(
          nick,
          error instanceof ParleyError ? error : new ParleyError('malformed-signal', String(error)),
        );
      }
    }
  }

  #bridgeFor(transport: IrcPeerTransport): DraftBridge {
    let bridge = this.#bridges.get(transport);
    if (!bridge) {
      bridge = new DraftBridge({
        send: (messages) => this.#sendDraft(transport.nick, messages),
        deliver: (text) => transport.deliver(text),
        onError: (error) => this.#signalError(transport.nick, error),
      });
      this.#bridges.set(transport, bridge);
    }
    return bridge;
  }

  #ownCaps(): string[] {
    const caps = this.manager.capabilities.filter((c) => this.#protocol === 'auto' || DRAFT_TOKENS.has(c));
    if (this.#protocol === 'auto') {
      if (!caps.includes(PARLEY_TOKEN)) caps.push(PARLEY_TOKEN);
      if (this.state.caps.has('message-tags')) caps.push(PARLEY_TAGS_TOKEN);
    }
    return caps;
  }

  #modeFor(caps: readonly string[]): PeerMode {
    if (this.#protocol === 'draft' || !caps.includes(PARLEY_TOKEN)) return 'draft';
    return caps.includes(PARLEY_TAGS_TOKEN) && this.state.caps.has('message-tags') ? 'tags' : 'ctcp';
  }

  #budgetOptions(nick: string, command: 'PRIVMSG' | 'NOTICE') {
    const isupport = this.state.isupport;
    return {
      selfPrefix: this.state.selfPrefix ?? 'x'.repeat(isupportNumber(isupport, 'NICKLEN', 30)),
      command,
      target: nick,
      linelen: isupportNumber(isupport, 'LINELEN', 512),
      userLen: isupportNumber(isupport, 'USERLEN', 10),
      hostLen: isupportNumber(isupport, 'HOSTLEN', 64),
    };
  }

  // ----- peers leaving ----------------------------------------------------------

  #peerGone(nick: string, reason: string, forget: boolean): void {
    const key = this.#key(nick);
    this.#known.delete(key);
    const transport = this.#transports.get(key);
    if (!transport) return;
    transport.gone(reason);
    if (forget) this.#forget(key, transport);
  }

  #forget(key: string, transport: IrcPeerTransport): void {
    this.#bridges.get(transport)?.close();
    this.#bridges.delete(transport);
    this.#transports.delete(key);
    this.manager.removePeer(transport.nick);
    if (this.state.isupport['MONITOR'] !== undefined) this.#sendRaw(`MONITOR - ${transport.nick}`);
  }

  /** RPL_MONOFFLINE: monitored nicks that quit or changed nick. */
  #monitorOffline(list: string): void {
    for (const target of list.split(',')) {
      const nick = target.split('!')[0];
      if (nick) this.#peerGone(nick, 'offline', true);
    }
  }

  #sendRaw(line: string): void {
    this.#outbox.enqueue([line], 'control');
  }

  #connectionClosed(reason: string): void {
    for (const transport of this.#transports.values()) transport.gone(`connection closed: ${reason}`);
    this.#outbox.clear();
  }

  #key(nick: string): string {
    return ircLower(nick, this.state.casemapping);
  }
}
