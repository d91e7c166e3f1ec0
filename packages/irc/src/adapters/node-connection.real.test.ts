import { ParleyError } from '@parley/core';
import { IrcRawClient, startInspircd, type InspircdServer } from '@parley/testing';
import { printLogsOnFailure } from '@parley/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIrcLine } from '../irc-message.js';
import type { IrcConnection } from '../registration.js';
import { connectIrc } from './node-connection.js';

/** The next line on `connection` that passes `test`. */
function nextLine(connection: IrcConnection, test: (line: string) => boolean, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching line')), timeoutMs);
    const off = connection.onLine((line) => {
      if (!test(line)) return;
      clearTimeout(timer);
      off();
      resolve(line);
    });
  });
}

describe('connectIrc against InspIRCd', () => {
  let irc: InspircdServer;
  beforeAll(async () => {
    irc = await startInspircd();
  });
  afterAll(async () => {
    await irc.stop();
  });

  it.each(['tcp', 'websocket'] as const)(
    'registers over %s with message-tags and knows its own prefix',
    async (kind) => {
      printLogsOnFailure(irc);
      const url = kind === 'tcp' ? irc.ircUrl : irc.wsUrl;
      const nick = `me${kind}`;
      const connection = await connectIrc({ url, nick });
      const peer = await IrcRawClient.connect(irc.port, `peer${kind}`);
      try {
        expect(connection.state.nick).toBe(nick);
        expect(connection.state.caps.has('message-tags')).toBe(true);
        expect(connection.state.isupport['CASEMAPPING']).toBeDefined();
        connection.send(`PRIVMSG peer${kind} :hello from ${kind}`);
        const got = await peer.waitFor((l) => l.includes(`hello from ${kind}`));
        // What the peer sees as our source is exactly the prefix the budget uses.
        expect(got.startsWith(`:${connection.state.selfPrefix} PRIVMSG`)).toBe(true);
        peer.send(`PRIVMSG ${nick} :\x01WEBRTC CAPABILITIES\x01`);
        const ctcp = await nextLine(connection, (l) => l.includes('WEBRTC'));
        const parsed = parseIrcLine(ctcp);
        expect(parsed.ok && parsed.value.params[1]).toBe('\x01WEBRTC CAPABILITIES\x01');
      } finally {
        await connection.quit('done');
        peer.quit();
      }
    },
  );

  it('takes nick_ when the nick is in use, on TCP and WebSocket alike', async () => {
    printLogsOnFailure(irc);
    const first = await connectIrc({ url: irc.ircUrl, nick: 'taken' });
    const second = await connectIrc({ url: irc.wsUrl, nick: 'taken' });
    try {
      expect(first.state.nick).toBe('taken');
      expect(second.state.nick).toBe('taken_');
      expect(second.state.selfPrefix).toMatch(/^taken_!/);
    } finally {
      await Promise.all([first.quit(), second.quit()]);
    }
  });

  it('quit: the server confirms with ERROR and closes; that ERROR is the close reason', async () => {
    printLogsOnFailure(irc);
    const connection = await connectIrc({ url: irc.ircUrl, nick: 'quitter' });
    const closed = new Promise<string>((resolve) => connection.onClose(resolve));
    // Alive both ways before quitting: our PING gets the server's PONG.
    connection.send('PING :are-you-there');
    await nextLine(connection, (l) => / PONG \S+ :?are-you-there$/.test(l));
    await connection.quit('leaving now');
    expect(await closed).toMatch(/Quit: leaving now/);
    expect(connection.closed).toBe(true);
  });

  it('reports a server that goes away', async () => {
    const own = await startInspircd();
    printLogsOnFailure(own);
    const [tcp, ws] = await Promise.all([
      connectIrc({ url: own.ircUrl, nick: 'gone1' }),
      connectIrc({ url: own.wsUrl, nick: 'gone2' }),
    ]);
    const reasons = Promise.all([tcp, ws].map((c) => new Promise<string>((resolve) => c.onClose(resolve))));
    await own.stop();
    const [tcpReason, wsReason] = await reasons;
    // The server's ERROR line is the reason, not a bare "socket closed".
    expect(tcpReason).toMatch(/^Closing link: \(gone1@127\.0\.0\.1\) \[Server shutting down\]$/);
    expect(wsReason).toMatch(/^Closing link: \(gone2@127\.0\.0\.1\) \[Server shutting down\]$/);
    expect(tcp.closed && ws.closed).toBe(true);
  });

  it('rejects with a typed error when nothing listens, or the URL is wrong', async () => {
    const own = await startInspircd();
    const port = own.port;
    await own.stop();
    for (const url of [`irc://127.0.0.1:${port}`, `ws://127.0.0.1:${port}`, 'http://127.0.0.1:1', 'nonsense']) {
      const error = await connectIrc({ url, nick: 'nobody', timeoutMs: 5000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ParleyError);
      expect((error as ParleyError).code).toBe('transport-closed');
    }
  });

  it('a WebSocket offering only text.ircv3.net is refused by InspIRCd 3 with a typed error', async () => {
    printLogsOnFailure(irc);
    const error = await connectIrc({
      url: irc.wsUrl,
      nick: 'v3only',
      wsProtocols: ['text.ircv3.net'],
      timeoutMs: 5000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParleyError);
  });
});
