import { Listeners } from '@parley/core';
import type { IrcSessionSnapshot } from './session-state.js';

/**
 * What `@parley/irc` needs from an IRC connection, whoever owns it (Parley's
 * own Node connection, irc-framework, a web client's socket): send a raw line,
 * hear every received raw line. Lines carry no CRLF.
 */
export interface IrcLineIO {
  send(line: string): void;
  /** Registers a receiver of every line from the server; returns an unsubscribe function. */
  onLine(handler: (line: string) => void): () => void;
  /** Optional: the connection ended (the reason is for logs and UI). */
  onClose?(handler: (reason: string) => void): () => void;
  /** What the owner already knew when the adapter was attached mid-session. */
  readonly initial?: IrcSessionSnapshot | undefined;
}

/** An {@link IrcLineIO} that the host drives by hand: it calls `feed` with each received line. */
export interface RawLineIO extends IrcLineIO {
  feed(line: string): void;
  /** Tells `onClose` handlers the connection ended; later `feed` calls are ignored. */
  close(reason: string): void;
  readonly closed: boolean;
}

export function rawLineIO(options: { send(line: string): void; initial?: IrcSessionSnapshot }): RawLineIO {
  const lines = new Listeners<string>();
  const closes = new Listeners<string>();
  let closed = false;
  return {
    initial: options.initial,
    send: (line) => options.send(line),
    onLine: (handler) => lines.add(handler),
    onClose: (handler) => closes.add(handler),
    feed(line) {
      if (!closed) lines.emit(line.replace(/\r?\n$/, ''));
    },
    close(reason) {
      if (closed) return;
      closed = true;
      closes.emit(reason);
    },
    get closed() {
      return closed;
    },
  };
}
