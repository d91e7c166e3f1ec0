import { registerIrc, type IrcConnection, type RegistrationOptions } from '../registration.js';
import { openLineSocket, type SocketOptions } from './node-sockets.js';

export type { IrcConnection, RegistrationOptions, LineSocket } from '../registration.js';
export { DEFAULT_CAPS } from '../registration.js';
export type { SocketOptions } from './node-sockets.js';

export interface ConnectIrcOptions extends RegistrationOptions, SocketOptions {
  /** `irc://host:port`, `ircs://host:port` (TLS), `ws://host:port` or `wss://…` (one line per frame). */
  url: string;
}

/**
 * Connects to an IRC server from Node and registers (see `registerIrc`):
 * resolves with an {@link IrcConnection} whose `state` already knows our nick,
 * `user@host`, caps and ISUPPORT. Rejects with a `ParleyError`
 * ('transport-closed') when the server cannot be reached, refuses us, closes,
 * or does not welcome us within `timeoutMs`, or when `signal` aborts.
 */
export async function connectIrc(options: ConnectIrcOptions): Promise<IrcConnection> {
  const started = Date.now();
  const socket = await openLineSocket(options.url, options);
  const timeoutMs = Math.max(1, (options.timeoutMs ?? 30_000) - (Date.now() - started));
  return registerIrc(socket, { ...options, timeoutMs });
}
