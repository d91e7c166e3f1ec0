import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions as TlsOptions } from 'node:tls';
import { Listeners, ParleyError } from '@parley/core';
import { WebSocket } from 'ws';
import { MAX_IRC_LINE_BYTES } from '../irc-message.js';
import { LineSplitter } from '../line-splitter.js';
import type { LineSocket } from '../registration.js';

export interface SocketOptions {
  /** TLS settings for `ircs://` and `wss://` (e.g. `rejectUnauthorized: false` against a test server). */
  tls?: Pick<TlsOptions, 'rejectUnauthorized' | 'ca' | 'servername'> | undefined;
  /** WebSocket subprotocols offered; default `text.inspircd.org` (InspIRCd 3 knows no other text one). */
  wsProtocols?: readonly string[] | undefined;
  /** WebSocket `Origin` header (InspIRCd requires one); default `http(s)://<host>`. */
  origin?: string | undefined;
  signal?: AbortSignal | undefined;
}

const DEFAULT_PORTS: Record<string, number> = { 'irc:': 6667, 'ircs:': 6697 };

function closedError(message: string, cause?: unknown): ParleyError {
  return new ParleyError('transport-closed', message, { cause });
}

/** Opens `irc://`, `ircs://`, `ws://` or `wss://` and resolves once connected. */
export function openLineSocket(url: string, options: SocketOptions = {}): Promise<LineSocket> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    return Promise.reject(closedError(`not a URL: ${url}`, error));
  }
  if (options.signal?.aborted) return Promise.reject(closedError('aborted', options.signal.reason));
  switch (parsed.protocol) {
    case 'irc:':
    case 'ircs:':
      return openTcp(parsed, options);
    case 'ws:':
    case 'wss:':
      return openWebSocket(parsed, options);
    default:
      return Promise.reject(closedError(`unsupported scheme ${parsed.protocol} (irc, ircs, ws, wss)`));
  }
}

function openTcp(url: URL, options: SocketOptions): Promise<LineSocket> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || DEFAULT_PORTS[url.protocol]);
  const socket: Socket =
    url.protocol === 'ircs:'
      ? connectTls({ host, port, servername: isIP(host) ? '' : host, ...options.tls })
      : connectTcp({ host, port });
  const lines = new Listeners<string>();
  const closes = new Listeners<string>();
  let closeReason = 'connection closed';
  const splitter = new LineSplitter((line) => lines.emit(line), {
    onOverflow: (bytes) => (closeReason = `server sent a line of ${bytes} bytes (over ${MAX_IRC_LINE_BYTES})`),
  });
  socket.on('data', (chunk: Buffer) => splitter.push(chunk));
  socket.on('error', (error) => (closeReason = error.message));
  socket.on('close', () => closes.emit(closeReason));
  const lineSocket: LineSocket = {
    send: (line) => {
      if (socket.writable) socket.write(`${line}\r\n`);
    },
    onLine: (handler) => lines.add(handler),
    onClose: (handler) => closes.add(handler),
    close: () => socket.destroy(),
  };
  return whenOpen(socket, url.protocol === 'ircs:' ? 'secureConnect' : 'connect', lineSocket, options.signal);
}

function openWebSocket(url: URL, options: SocketOptions): Promise<LineSocket> {
  const origin = options.origin ?? `${url.protocol === 'wss:' ? 'https' : 'http'}://${url.host}`;
  const ws = new WebSocket(url, [...(options.wsProtocols ?? ['text.inspircd.org'])], {
    headers: { Origin: origin },
    maxPayload: MAX_IRC_LINE_BYTES + 2,
    ...options.tls,
  });
  const lines = new Listeners<string>();
  const closes = new Listeners<string>();
  let closeReason = 'connection closed';
  // Default binaryType 'nodebuffer': every frame arrives as one Buffer.
  ws.on('message', (data: Buffer) => {
    const text = data.toString('utf8');
    // One line per frame; tolerate a server that adds CRLF or packs several.
    for (const line of text.split(/\r?\n/)) if (line !== '') lines.emit(line);
  });
  ws.on('error', (error) => (closeReason = error.message));
  ws.on('close', (code, reason) => closes.emit(reason.length ? reason.toString('utf8') : `${closeReason} (${code})`));
  const lineSocket: LineSocket = {
    send: (line) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(line);
    },
    onLine: (handler) => lines.add(handler),
    onClose: (handler) => closes.add(handler),
    close: () => ws.terminate(),
  };
  return whenOpen(ws, 'open', lineSocket, options.signal);
}

/** Resolves with `lineSocket` on `event`, rejects on an error, close or abort first. */
function whenOpen(
  emitter: Socket | WebSocket,
  event: 'connect' | 'secureConnect' | 'open',
  lineSocket: LineSocket,
  signal: AbortSignal | undefined,
): Promise<LineSocket> {
  return new Promise((resolve, reject) => {
    const target = emitter as unknown as NodeJS.EventEmitter;
    let offClose = (): void => undefined;
    const onAbort = (): void => {
      offClose();
      lineSocket.close();
      reject(closedError('aborted', signal?.reason));
    };
    const onError = (error: Error): void => {
      signal?.removeEventListener('abort', onAbort);
      reject(closedError(`cannot connect: ${error.message}`, error));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    target.once('error', onError);
    offClose = lineSocket.onClose((reason) => {
      signal?.removeEventListener('abort', onAbort);
      reject(closedError(`closed while connecting: ${reason}`));
    });
    target.once(event, () => {
      target.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
      offClose();
      resolve(lineSocket);
    });
  });
}
