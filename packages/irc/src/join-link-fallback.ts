import {
  ParleyError,
  TypedEventTarget,
  type Call,
  type CallManager,
  type EndReason,
  type ParleyErrorCode,
  type PlaceCallOptions,
} from '@parley/core';
import type { ManualExchange } from '@parley/core/manual-exchange';
import { createInviteLink, readInvite } from '@parley/invite';
import type { IrcSignaling } from './irc-signaling.js';
import { ircEquals } from './isupport.js';
import { utf8Length } from './utf8.js';

/** How long the invite waits for the answer link by default: people open a browser and paste it back. */
export const JOIN_LINK_TIMEOUT_MS = 10 * 60_000;
/** Messages from the peer that may wait to be read at once; more are dropped (each is bounded by the line length). */
const MAX_PENDING_TEXTS = 8;
/** What an answer holds somewhere: a `P2` bundle (base64url, so never percent-encoded in a link). */
const BUNDLE_LIKE = /P2[A-Za-z0-9_-]{16}/;

/** Why a join-link invite failed; {@link JoinLinkError.reason}. */
export type JoinLinkFailure =
  /** The join page's URL is no http(s) URL. */
  | 'bad-base'
  /** The invite text does not fit one PRIVMSG to the peer (a link is never split). */
  | 'too-long'
  /** No answer within the timeout. */
  | 'timeout'
  /** The peer quit IRC before answering. */
  | 'peer-gone'
  /** The call ended before it connected (see the call's `ended` reason). */
  | 'ended'
  /** {@link JoinLinkInvite.cancel} was called. */
  | 'cancelled';

const CODES: Record<JoinLinkFailure, ParleyErrorCode> = {
  'bad-base': 'bad-encoding',
  'too-long': 'signal-too-long',
  timeout: 'negotiation-failed',
  'peer-gone': 'transport-closed',
  ended: 'negotiation-failed',
  cancelled: 'transport-closed',
};

/** How the call ends when the invite fails. */
const END_REASONS: Record<JoinLinkFailure, EndReason> = {
  'bad-base': 'error',
  'too-long': 'error',
  timeout: 'invite-timeout',
  'peer-gone': 'peer-gone',
  ended: 'error',
  cancelled: 'hangup',
};

/** A failed join-link invite: a {@link ParleyError} whose `reason` says what went wrong. */
export class JoinLinkError extends ParleyError {
  override name = 'JoinLinkError';
  constructor(
    readonly reason: JoinLinkFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(CODES[reason], message, options);
  }
}

export interface JoinLinkInviteOptions {
  /** The IRC connection's signaling: sends the invite text and reports the peer's plain messages. */
  signaling: IrcSignaling;
  /** A manager with `trickle: false` whose peer `nick` is {@link exchange}. */
  manager: CallManager;
  /** The peer's transport in {@link manager}: a `ManualExchange` (compact `P2` texts, so the link stays short). */
  exchange: ManualExchange;
  /** The peer's nick (also its peer id in {@link manager}). */
  nick: string;
  /** The standalone join page, e.g. `https://example.org/join/`. */
  base: string;
  /** How long to wait for the answer link (default 10 minutes); then the call ends with `invite-timeout`. */
  timeoutMs?: number;
  /** The call to offer (default: a chat, `{ media: ['data'] }`, which is what the join page takes). */
  call?: PlaceCallOptions;
  /** The text sent, one line (default: `alice would like to call you (Parley): <link> — open it in a browser, …`). */
  message?: (link: string, from: string) => string;
}

export interface JoinLinkInviteEvents {
  /** The invite text went out. */
  sent: { nick: string; link: string; text: string };
  /** A message from the peer that looked like an answer but could not be used (damaged, an offer, another call's). */
  ignored: { nick: string; text: string; error: ParleyError };
  /** The answer was read and handed to the call, which now connects. */
  answered: { nick: string };
}

const defaultMessage = (link: string, from: string): string =>
  `${from} would like to call you (Parley): ${link} — open it in a browser, then paste the answer link here`;

/**
 * The fallback for a peer whose IRC client cannot take WebRTC calls: offers
 * the call as a link to the standalone join page in one plain PRIVMSG, which
 * a person on any client can open in a browser; then watches that nick's
 * plain messages for the answer link (or bare answer text) the page shows,
 * and feeds it to the call.
 *
 * ```ts
 * const manager = new CallManager({ trickle: false });
 * const exchange = new ManualExchange();
 * manager.addPeer('bob', exchange);
 * const invite = new JoinLinkInvite({ signaling, manager, exchange, nick: 'bob', base: 'https://example.org/join/' });
 * const { link, call } = await invite.send(); // the text is out
 * await invite.connected;                      // bob answered through the page, and the call connected
 * ```
 */
export class JoinLinkInvite extends TypedEventTarget<JoinLinkInviteEvents> {
  /** Resolves with the call once it connects; rejects with a {@link JoinLinkError}. */
  readonly connected: Promise<Call>;
  readonly #options: JoinLinkInviteOptions;
  readonly #timeoutMs: number;
  readonly #cleanup: Array<() => void> = [];
  #nick: string;
  #call: Call | undefined;
  #answered = false;
  #stopTimer: () => void = () => undefined;
  #settled = false;
  #pending = 0;
  #queue: Promise<void> = Promise.resolve();
  #resolve: (call: Call) => void = () => undefined;
  #reject: (error: JoinLinkError) => void = () => undefined;

  constructor(options: JoinLinkInviteOptions) {
    super();
    this.#options = options;
    this.#nick = options.nick;
    this.#timeoutMs = options.timeoutMs ?? JOIN_LINK_TIMEOUT_MS;
    this.connected = new Promise<Call>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // Callers that only await send() must not get an unhandled rejection.
    this.connected.catch(() => undefined);
  }

  /** The peer's nick (it follows nick changes while waiting). */
  get nick(): string {
    return this.#nick;
  }

  /** The call, once {@link send} made it. */
  get call(): Call | undefined {
    return this.#call;
  }

  /**
   * Makes the offer and sends the invite text; resolves with the link and the
   * call (still `outgoing`), then keeps watching the peer's messages for the
   * answer until {@link connected} settles. Rejects (and so does `connected`)
   * with a {@link JoinLinkError}: `bad-base`, `too-long`, `ended`, `cancelled`.
   */
  async send(): Promise<{ link: string; call: Call }> {
    if (this.#call) throw new ParleyError('invalid-state', 'the invite was already sent');
    try {
      return await this.#send();
    } catch (error) {
      const failure =
        error instanceof JoinLinkError ? error : new JoinLinkError('ended', describe(error), { cause: error });
      this.#fail(failure);
      throw failure;
    }
  }

  /** Gives up: hangs up the call and rejects {@link connected} with `cancelled`. */
  cancel(): void {
    this.#fail(new JoinLinkError('cancelled', 'the join-link invite was cancelled'));
  }

  async #send(): Promise<{ link: string; call: Call }> {
    const { signaling, manager, exchange, base } = this.#options;
    if (!createInviteLink('P2', { base, role: 'offer' }).ok) {
      throw new JoinLinkError('bad-base', `the join page must be an http(s) URL, not '${base}'`);
    }
    // The invite says its lifetime in whole seconds; the wait itself is bounded here, to the millisecond.
    const lifetimeMs = Math.max(1, Math.ceil(this.#timeoutMs / 1000)) * 1000;
    const call = manager.call(this.#nick, { media: ['data'], ...this.#options.call, lifetimeMs });
    this.#call = call;
    const timer = setTimeout(() => call.hangup('invite-timeout'), this.#timeoutMs);
    this.#stopTimer = () => clearTimeout(timer);
    this.#cleanup.push(this.#stopTimer);
    const ended = new Promise<never>((_resolve, reject) => {
      this.#cleanup.push(
        call.on('ended', ({ reason }) => {
          const error =
            reason === 'invite-timeout'
              ? new JoinLinkError(
                  'timeout',
                  `${this.#nick} did not send the answer link within ${seconds(this.#timeoutMs)}`,
                )
              : new JoinLinkError('ended', `the call ended before it connected (${reason})`);
          reject(error);
          this.#fail(error);
        }),
      );
    });
    ended.catch(() => undefined);
    this.#cleanup.push(
      call.on('statechange', ({ state }) => {
        if (state === 'connected') this.#succeed(call);
      }),
    );
    const bundle = await Promise.race([exchange.nextBundle(), ended]);
    const made = createInviteLink(bundle, { base, role: 'offer' });
    if (!made.ok) throw new JoinLinkError('bad-base', made.error.message);
    const link = made.value;
    const from = signaling.state.nick ?? 'Someone';
    const text = (this.#options.message ?? defaultMessage)(link, from);
    const budget = signaling.textBudget(this.#nick);
    if (/[\r\n]/.test(text) || !text.includes(link) || utf8Length(text) > budget) {
      throw new JoinLinkError(
        'too-long',
        `the invite (${utf8Length(text)} bytes, with a ${utf8Length(link)}-byte link) does not fit one IRC message to ${this.#nick} (${budget} bytes)`,
      );
    }
    this.#cleanup.push(
      signaling.on('text', ({ nick, text: message }) => this.#onText(nick, message)),
      signaling.state.on('nick', ({ nick, newNick }) => {
        if (this.#same(nick, this.#nick)) this.#nick = newNick;
      }),
      signaling.state.on('quit', ({ nick }) => {
        if (this.#same(nick, this.#nick) && !this.#answered) {
          this.#fail(new JoinLinkError('peer-gone', `${nick} quit IRC before sending the answer link`));
        }
      }),
    );
    signaling.sendText(this.#nick, text);
    this.emit('sent', { nick: this.#nick, link, text });
    return { link, call };
  }

  #onText(nick: string, text: string): void {
    if (this.#answered || this.#settled || !this.#same(nick, this.#nick)) return;
    if (!BUNDLE_LIKE.test(text)) return; // chat, not an answer: no need to read it
    if (this.#pending >= MAX_PENDING_TEXTS) return;
    this.#pending++;
    this.#queue = this.#queue.then(async () => {
      try {
        await this.#read(nick, text);
      } finally {
        this.#pending--;
      }
    });
  }

  async #read(nick: string, text: string): Promise<void> {
    const call = this.#call;
    if (this.#answered || this.#settled || !call) return;
    const invite = await readInvite(text);
    let problem: string | undefined;
    if (!invite.ok) problem = invite.error.message;
    else if (invite.value.role === 'offer' || invite.value.summary.role !== 'answer') {
      problem = 'this is an offer, not the answer';
    } else if (invite.value.summary.callId !== call.id) problem = 'this answer belongs to another call';
    if (!invite.ok || problem !== undefined) {
      const error = invite.ok ? new ParleyError('bad-encoding', problem!) : invite.error;
      this.emit('ignored', { nick, text, error });
      return;
    }
    if (this.#answered || this.#settled) return;
    this.#answered = true;
    this.#stopTimer(); // from now on, the call's connect timeout applies
    try {
      await this.#options.exchange.receive(invite.value.bundle);
      this.emit('answered', { nick });
    } catch (error) {
      this.#fail(new JoinLinkError('ended', `could not use the answer: ${describe(error)}`, { cause: error }));
    }
  }

  #succeed(call: Call): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#stop();
    this.#resolve(call);
  }

  #fail(error: JoinLinkError): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#stop();
    this.#call?.hangup(END_REASONS[error.reason]);
    this.#reject(error);
  }

  #stop(): void {
    for (const off of this.#cleanup.splice(0)) off();
  }

  #same(a: string, b: string): boolean {
    return ircEquals(a, b, this.#options.signaling.state.casemapping);
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
