import { ParleyError } from '@parley/core';
import { registerIrc, type IrcConnection, type LineSocket, type RegistrationOptions } from './registration.js';

/** The part of the standard WebSocket that is used here (browsers, Deno, Node 22+, or the `ws` package). */
type WebSocketLike = Pick<WebSocket, 'send' | 'close' | 'readyState' | 'addEventListener'>;
type WebSocketConstructor = new (url: string, protocols?: string[]) => WebSocketLike;

export interface WebSocketIrcOptions extends RegistrationOptions {
  /** `ws://` or `wss://`. */
  url: string;
  /** Subprotocols offered; default `text.inspircd.org` (InspIRCd 3 knows no other text one). */
  protocols?: string[];
  /** Default: the global `WebSocket`. */
  WebSocket?: WebSocketConstructor;
}

/** Opens a WebSocket that carries one IRC line per text frame. Browser-safe. */
export function openWebSocketLineSocket(
  url: string,
  options: Pick<WebSocketIrcOptions, 'protocols' | 'WebSocket' | 'signal'> = {},
): Promise<LineSocket> {
  const Ctor = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!Ctor) return Promise.reject(new ParleyError('unsupported', 'no WebSocket here: pass one in `WebSocket`'));
  const ws = new Ctor(url, options.protocols ?? ['text.inspircd.org']);
  const lines = new Set<(line: string) => void>();
  const closes = new Set<(reason: string) => void>();
  let closed = false;
  const close = (reason: string) => {
    if (closed) return;
    closed = true;
    for (const handler of closes) handler(reason);
  };
  ws.addEventListener('message', (event: MessageEvent) => {
    if (typeof event.data !== 'string') return; // text subprotocol: binary frames are not lines
    for (const line of event.data.split(/\r?\n/)) if (line) for (const handler of lines) handler(line);
  });
  ws.addEventListener('close', (event: CloseEvent) => close(event.reason || `WebSocket closed (${event.code})`));
  const socket: LineSocket = {
    send: (line) => {
      if (ws.readyState === 1) ws.send(line);
    },
    onLine: (handler) => (lines.add(handler), () => lines.delete(handler)),
    onClose: (handler) => (closes.add(handler), () => closes.delete(handler)),
    close: () => {
      ws.close();
      close('closed');
    },
  };
  return new Promise((resolve, reject) => {
    const abort = () => {
      ws.close();
      reject(new ParleyError('transport-closed', 'aborted'));
    };
    options.signal?.addEventListener('abort', abort, { once: true });
    ws.addEventListener('open', () => {
      options.signal?.removeEventListener('abort', abort);
      resolve(socket);
    });
    ws.addEventListener('error', () => reject(new ParleyError('transport-closed', `could not open ${url}`)));
  });
}

/** Connects to an IRC server over WebSocket and registers (browser-safe; see `registerIrc`). */
export async function connectIrcWebSocket(options: WebSocketIrcOptions): Promise<IrcConnection> {
  return registerIrc(await openWebSocketLineSocket(options.url, options), options);
}
