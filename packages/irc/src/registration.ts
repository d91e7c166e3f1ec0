import { Listeners, ParleyError } from '@parley/core';
import { formatIrcLine, type IrcMessage } from './irc-message.js';
import type { IrcLineIO } from './line-io.js';
import { IrcSessionState } from './session-state.js';

/** A connected socket that carries whole lines (TCP with a splitter, or one WebSocket frame per line). */
export interface LineSocket {
  send(line: string): void;
  onLine(handler: (line: string) => void): () => void;
  onClose(handler: (reason: string) => void): () => void;
  /** Closes at once; `onClose` handlers run. */
  close(): void;
}

export interface RegistrationOptions {
  nick: string;
  /** Default: the nick. */
  username?: string | undefined;
  /** Default: `Parley`. */
  realname?: string | undefined;
  password?: string | undefined;
  /** Capabilities to request when offered. Default: `message-tags`. */
  caps?: readonly string[] | undefined;
  /** Registration must finish (001 and our USERHOST reply) within this; default 30 s. */
  timeoutMs?: number | undefined;
  /** On 433 (nick in use) `_` is appended, at most this many times; default 4. */
  nickRetries?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** An IRC connection owned by Parley: an {@link IrcLineIO} plus its session state and lifetime. */
export interface IrcConnection extends IrcLineIO {
  readonly state: IrcSessionState;
  readonly closed: boolean;
  onClose(handler: (reason: string) => void): () => void;
  /** Like `onLine`, with the line already parsed (malformed lines are skipped here). */
  onMessage(handler: (message: IrcMessage) => void): () => void;
  /** Sends QUIT and resolves once the server closed the connection (or after 2 s, closing it). */
  quit(reason?: string): Promise<void>;
  /** Closes the connection at once, without QUIT. */
  close(): void;
}

export const DEFAULT_CAPS: readonly string[] = ['message-tags'];

/** Numerics after which registration cannot succeed by retrying. */
const FATAL_NUMERICS: Record<string, string> = {
  '432': 'erroneous nickname',
  '436': 'nickname collision',
  '464': 'password incorrect',
  '465': 'banned from the server',
};

class Connection implements IrcConnection {
  readonly state = new IrcSessionState();
  readonly #socket: LineSocket;
  readonly #lines = new Listeners<string>();
  readonly #messages = new Listeners<IrcMessage>();
  readonly #closes = new Listeners<string>();
  #closed = false;
  #closeReason = '';

  constructor(socket: LineSocket) {
    this.#socket = socket;
    socket.onLine((line) => {
      const parsed = this.state.feed(line);
      // PING is answered here for every owner of the connection, before anyone else sees it.
      if (parsed.ok && parsed.value.command === 'PING') {
        this.send(formatIrcLine({ command: 'PONG', params: parsed.value.params.slice(0, 1) }));
      }
      if (parsed.ok && parsed.value.command === 'ERROR') this.#closeReason = parsed.value.params[0] ?? '';
      this.#lines.emit(line);
      if (parsed.ok) this.#messages.emit(parsed.value);
    });
    socket.onClose((reason) => {
      if (this.#closed) return;
      this.#closed = true;
      this.#closes.emit(this.#closeReason || reason);
    });
  }

  get initial() {
    return this.state.snapshot();
  }
  get closed(): boolean {
    return this.#closed;
  }
  send(line: string): void {
    if (!this.#closed) this.#socket.send(line);
  }
  onLine(handler: (line: string) => void): () => void {
    return this.#lines.add(handler);
  }
  onMessage(handler: (message: IrcMessage) => void): () => void {
    return this.#messages.add(handler);
  }
  onClose(handler: (reason: string) => void): () => void {
    return this.#closes.add(handler);
  }
  close(): void {
    this.#socket.close();
  }
  quit(reason = 'Leaving'): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.close(), 2000);
      this.onClose(() => {
        clearTimeout(timer);
        resolve();
      });
      this.send(formatIrcLine({ command: 'QUIT', params: [reason] }));
    });
  }
}

/**
 * Registers on a freshly opened socket: `CAP LS 302`, `CAP REQ` for the wanted
 * caps the server offers, `NICK`/`USER`, `CAP END`; retries a nick in use with
 * `_` appended; after 001 asks `USERHOST` for our own `user@host` (the line
 * budget needs it). Resolves with the connection once that is known. Rejects
 * with a `ParleyError` ('transport-closed') on timeout, abort, a refused
 * registration or a closed socket, closing the socket.
 */
export function registerIrc(socket: LineSocket, options: RegistrationOptions): Promise<IrcConnection> {
  const connection = new Connection(socket);
  const wanted = options.caps ?? DEFAULT_CAPS;
  let nick = options.nick;
  let retries = options.nickRetries ?? 4;
  let capsDone = false;
  return new Promise<IrcConnection>((resolve, reject) => {
    const cleanups: Array<() => void> = [];
    let settled = false;
    const finish = (error?: ParleyError): void => {
      if (settled) return;
      settled = true;
      for (const cleanup of cleanups) cleanup();
      if (!error) return resolve(connection);
      connection.close();
      reject(error);
    };
    const failWith = (message: string, cause?: unknown): void =>
      finish(new ParleyError('transport-closed', `IRC registration failed: ${message}`, { cause }));

    const timeoutMs = options.timeoutMs ?? 30_000;
    const timer = setTimeout(() => failWith(`not registered within ${timeoutMs} ms`), timeoutMs);
    cleanups.push(() => clearTimeout(timer));
    if (options.signal) {
      const signal = options.signal;
      const onAbort = (): void => failWith('aborted', signal.reason);
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener('abort', onAbort));
    }
    cleanups.push(connection.onClose((reason) => failWith(`connection closed: ${reason}`)));

    const endCaps = (): void => {
      if (capsDone) return;
      capsDone = true;
      connection.send('CAP END');
    };
    const onMessage = (message: IrcMessage): void => {
      const { command, params } = message;
      if (command === 'CAP') {
        const sub = params[1]?.toUpperCase();
        const more = params[2] === '*' && params.length > 3;
        if (sub === 'LS' && !more) {
          const request = wanted.filter((cap) => connection.state.availableCaps.has(cap));
          if (request.length === 0) endCaps();
          else connection.send(formatIrcLine({ command: 'CAP', params: ['REQ', request.join(' ')] }));
        } else if (sub === 'ACK' || sub === 'NAK') endCaps();
      } else if (command === '433' && !connection.state.nick) {
        if (retries-- <= 0) return failWith(`nick ${options.nick} and its variants are in use`);
        nick = `${nick}_`;
        connection.send(formatIrcLine({ command: 'NICK', params: [nick] }));
      } else if (FATAL_NUMERICS[command] && !connection.state.nick) {
        failWith(`${FATAL_NUMERICS[command]}: ${params.at(-1) ?? ''}`);
      } else if (command === '001') {
        // A server without CAP never answers LS; once welcomed, it is over anyway.
        capsDone = true;
        connection.send(formatIrcLine({ command: 'USERHOST', params: [connection.state.nick ?? nick] }));
      } else if (command === '302' && connection.state.nick) {
        finish();
      }
    };
    cleanups.push(connection.onMessage(onMessage));

    try {
      connection.send('CAP LS 302');
      if (options.password) connection.send(formatIrcLine({ command: 'PASS', params: [options.password] }));
      connection.send(formatIrcLine({ command: 'NICK', params: [nick] }));
      connection.send(
        formatIrcLine({
          command: 'USER',
          params: [options.username ?? options.nick, '0', '*', options.realname ?? 'Parley'],
        }),
      );
    } catch (error) {
      // A nick or name that cannot be written as a line (space, CR, LF…).
      failWith(error instanceof Error ? error.message : String(error), error);
    }
  });
}
