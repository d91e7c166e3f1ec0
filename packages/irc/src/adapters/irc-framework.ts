import type { IrcLineIO } from '../line-io.js';
import type { Isupport } from '../isupport.js';
import type { IrcSessionSnapshot } from '../session-state.js';

/**
 * The part of an irc-framework 4.14 `Client` this adapter uses. Structural,
 * so that `@parley/irc` never loads irc-framework itself (it stays an optional
 * peer dependency, and the host's own copy is the one used).
 */
export interface IrcFrameworkClientLike {
  on(event: 'raw', handler: (event: { line: string; from_server: boolean }) => void): unknown;
  on(event: 'close' | 'socket close', handler: (error?: unknown) => void): unknown;
  removeListener(event: string, handler: (...args: never[]) => void): unknown;
  /** With one argument, irc-framework writes the line as is. */
  raw(line: string): void;
  user?: { nick?: string; username?: string; host?: string } | undefined;
  network?: { cap?: { enabled?: readonly string[] }; options?: Record<string, unknown> } | undefined;
}

/**
 * irc-framework keeps ISUPPORT partly decoded (CHANTYPES as an array, PREFIX
 * as objects…). This turns it back into tokens as the server sent them.
 */
function isupportFrom(options: Record<string, unknown>): Isupport {
  const out: Isupport = {};
  for (const [key, value] of Object.entries(options)) {
    if (typeof value === 'string' || value === true) out[key] = value;
    else if (typeof value === 'number') out[key] = String(value);
    else if (key === 'PREFIX' && Array.isArray(value)) {
      const entries = value as Array<{ symbol?: unknown; mode?: unknown }>;
      out[key] =
        `(${entries.map((e) => String(e.mode ?? '')).join('')})${entries.map((e) => String(e.symbol ?? '')).join('')}`;
    } else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      out[key] = key === 'CHANTYPES' || key === 'STATUSMSG' ? value.join('') : value.join(',');
    }
  }
  return out;
}

function snapshotOf(client: IrcFrameworkClientLike): IrcSessionSnapshot {
  const user = client.user;
  return {
    nick: user?.nick || undefined,
    userhost: user?.username && user.host ? `${user.username}@${user.host}` : undefined,
    caps: [...(client.network?.cap?.enabled ?? [])],
    isupport: isupportFrom(client.network?.options ?? {}),
  };
}

/**
 * An {@link IrcLineIO} over an irc-framework client that the host already
 * runs: receives every raw line the server sends (the `raw` event), sends with
 * `client.raw(line)`, and starts from what the client knows (`initial`: nick,
 * `user@host`, enabled caps, ISUPPORT), so it may be attached mid-session.
 */
export function ircFrameworkLineIO(client: IrcFrameworkClientLike): IrcLineIO {
  return {
    // Read when asked, so a consumer created later still gets current facts.
    get initial() {
      return snapshotOf(client);
    },
    send: (line) => client.raw(line),
    onLine(handler) {
      const listener = (event: { line: string; from_server: boolean }): void => {
        if (event.from_server) handler(event.line.replace(/\r?\n$/, ''));
      };
      client.on('raw', listener);
      return () => void client.removeListener('raw', listener);
    },
    onClose(handler) {
      // irc-framework emits `close` with `true` when an error ended the connection.
      const listener = (error?: unknown): void =>
        handler(error instanceof Error ? error.message : error ? 'connection lost' : 'connection closed');
      client.on('close', listener);
      return () => void client.removeListener('close', listener);
    },
  };
}
