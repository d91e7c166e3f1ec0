import { TypedEventTarget, type Result } from '@parley/core';
import { parseIrcLine, type IrcMessage } from './irc-message.js';
import { applyIsupport, casemappingOf, ircEquals, parseIsupport, type Isupport } from './isupport.js';

/** What an adapter attached mid-session already knows (all optional). */
export interface IrcSessionSnapshot {
  nick?: string | undefined;
  /** Own `user@host` as others see it. */
  userhost?: string | undefined;
  /** Enabled capabilities. */
  caps?: readonly string[] | undefined;
  isupport?: Readonly<Isupport> | undefined;
}

export interface IrcSessionEvents {
  /** A peer changed nick: calls keyed by the old nick should end (or follow). */
  nick: { nick: string; newNick: string };
  quit: { nick: string; reason: string };
  /** A peer left a channel, or was kicked (`kickedBy`). */
  part: { nick: string; channel: string; reason: string; kickedBy?: string };
  /** Own nick or `user@host` changed (this changes the line budget). */
  self: { nick: string | undefined; userhost: string | undefined };
}

const USERHOST_IN_TEXT = /(\S+)!(\S+@\S+)/g;

/**
 * Tracks what the signaling layer needs from an IRC session, fed every
 * received line: own nick and `user@host` (for the line budget), enabled
 * capabilities, ISUPPORT, and peers leaving (to end their calls).
 */
export class IrcSessionState extends TypedEventTarget<IrcSessionEvents> {
  #nick: string | undefined;
  #userhost: string | undefined;
  readonly #caps = new Set<string>();
  readonly #available = new Map<string, string>();
  #isupport: Isupport = {};
  /** `CAP LIST` replies can span lines (`CAP nick LIST * :…`); collected here until the last. */
  #listing: string[] | undefined;

  constructor(initial: IrcSessionSnapshot = {}) {
    super();
    this.#nick = initial.nick || undefined;
    this.#userhost = initial.userhost || undefined;
    for (const cap of initial.caps ?? []) this.#caps.add(cap);
    this.#isupport = { ...initial.isupport };
  }

  get nick(): string | undefined {
    return this.#nick;
  }
  get userhost(): string | undefined {
    return this.#userhost;
  }
  /** `nick!user@host` when known, else just the nick (or `undefined`). */
  get selfPrefix(): string | undefined {
    if (this.#nick === undefined) return undefined;
    return this.#userhost === undefined ? this.#nick : `${this.#nick}!${this.#userhost}`;
  }
  get caps(): ReadonlySet<string> {
    return this.#caps;
  }
  /** Capabilities the server offers (`CAP LS`/`NEW`), with their values (`''` when none). */
  get availableCaps(): ReadonlyMap<string, string> {
    return this.#available;
  }
  get isupport(): Readonly<Isupport> {
    return this.#isupport;
  }
  get casemapping(): string {
    return casemappingOf(this.#isupport);
  }

  /** Whether `nick` is us, under the server's case mapping. */
  isSelf(nick: string | undefined): boolean {
    return nick !== undefined && this.#nick !== undefined && ircEquals(nick, this.#nick, this.casemapping);
  }

  snapshot(): IrcSessionSnapshot {
    return { nick: this.#nick, userhost: this.#userhost, caps: [...this.#caps], isupport: { ...this.#isupport } };
  }

  /** Parses and handles one received line; returns the parse result so callers need not parse again. */
  feed(line: string): Result<IrcMessage> {
    const parsed = parseIrcLine(line);
    if (parsed.ok) this.handle(parsed.value);
    return parsed;
  }

  handle(message: IrcMessage): void {
    const { source, params } = message;
    const fromSelf = this.isSelf(source?.nick);
    if (fromSelf && source?.user && source.host) this.#setSelf(this.#nick, `${source.user}@${source.host}`);
    switch (message.command) {
      case '001':
        return this.#welcome(params);
      case '005': {
        const update = parseIsupport(message);
        if (update) this.#isupport = applyIsupport(this.#isupport, update);
        return;
      }
      case '302':
        return this.#userhostReply(params.at(-1) ?? '');
      case '396':
        return this.#visibleHost(params[1]);
      case 'CAP':
        return this.#cap(params);
      case 'CHGHOST':
        if (fromSelf && params[0] && params[1]) this.#setSelf(this.#nick, `${params[0]}@${params[1]}`);
        return;
      case 'NICK': {
        const newNick = params[0];
        if (!source || !newNick) return;
        if (fromSelf) this.#setSelf(newNick, this.#userhost);
        else this.emit('nick', { nick: source.nick, newNick });
        return;
      }
      case 'QUIT':
        if (source && !fromSelf) this.emit('quit', { nick: source.nick, reason: params[0] ?? '' });
        return;
      case 'PART':
        if (source && !fromSelf && params[0]) {
          this.emit('part', { nick: source.nick, channel: params[0], reason: params[1] ?? '' });
        }
        return;
      case 'KICK':
        if (source && params[0] && params[1] && !this.isSelf(params[1])) {
          this.emit('part', { nick: params[1], channel: params[0], reason: params[2] ?? '', kickedBy: source.nick });
        }
        return;
    }
  }

  #setSelf(nick: string | undefined, userhost: string | undefined): void {
    if (nick === this.#nick && userhost === this.#userhost) return;
    this.#nick = nick;
    this.#userhost = userhost;
    this.emit('self', { nick, userhost });
  }

  /** 001's first param is our nick; many servers also put `nick!user@host` in its text. */
  #welcome(params: string[]): void {
    const nick = params[0];
    if (!nick) return;
    let userhost = this.#userhost;
    for (const match of (params.at(-1) ?? '').matchAll(USERHOST_IN_TEXT)) {
      if (ircEquals(match[1] ?? '', nick, this.casemapping)) userhost = match[2];
    }
    this.#setSelf(nick, userhost);
  }

  /** `302 me :nick=+user@host nick2*=-user@host` (`*` oper, `+`/`-` here/away). */
  #userhostReply(text: string): void {
    for (const item of text.split(' ')) {
      const match = /^([^=*]+)\*?=[+-](\S+@\S+)$/.exec(item);
      if (match && this.isSelf(match[1])) this.#setSelf(this.#nick, match[2]);
    }
  }

  /** `396 me host :is now your displayed host` (some servers send `user@host`). */
  #visibleHost(value: string | undefined): void {
    if (!value || /\s/.test(value)) return;
    if (value.includes('@')) return this.#setSelf(this.#nick, value);
    const user = this.#userhost?.split('@')[0];
    // Without a known user part the host alone cannot make a userhost; USERHOST will fill it.
    if (user !== undefined) this.#setSelf(this.#nick, `${user}@${value}`);
  }

  /** `CAP <target> <sub> [*] :<caps>`. */
  #cap(params: string[]): void {
    const sub = params[1]?.toUpperCase();
    const more = params.length > 3 && params[2] === '*';
    const names = (params.at(-1) ?? '').split(' ').filter(Boolean);
    switch (sub) {
      case 'LS':
      case 'NEW':
        for (const entry of names) {
          const eq = entry.indexOf('=');
          this.#available.set(eq < 0 ? entry : entry.slice(0, eq), eq < 0 ? '' : entry.slice(eq + 1));
        }
        return;
      case 'ACK':
        for (const entry of names) {
          // 3.1 modifiers `~` and `=` are obsolete but harmless to strip.
          const name = entry.replace(/^[~=]/, '');
          if (name.startsWith('-')) this.#caps.delete(name.slice(1));
          else this.#caps.add(name);
        }
        return;
      case 'DEL':
        for (const name of names) {
          this.#caps.delete(name);
          this.#available.delete(name);
        }
        return;
      case 'LIST':
        this.#listing = [...(this.#listing ?? []), ...names];
        if (more) return;
        this.#caps.clear();
        for (const name of this.#listing) this.#caps.add(name);
        this.#listing = undefined;
        return;
    }
  }
}
