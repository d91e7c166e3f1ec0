import { createRequire } from 'node:module';
import { IrcRawClient, startInspircd, type InspircdServer } from '@parley/testing';
import { printLogsOnFailure } from '@parley/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeDraft, encodeDraft } from '../draft-codec.js';
import { parseIrcLine } from '../irc-message.js';
import { IrcSessionState } from '../session-state.js';
import { ircFrameworkLineIO, type IrcFrameworkClientLike } from './irc-framework.js';

// irc-framework ships CommonJS without types; the adapter only needs its shape.
type Client = IrcFrameworkClientLike & {
  connect(options: Record<string, unknown>): void;
  once(event: 'registered', handler: () => void): unknown;
  quit(message?: string): void;
};
const { Client } = createRequire(import.meta.url)('irc-framework') as { Client: new () => Client };

describe('ircFrameworkLineIO with a real irc-framework client', () => {
  let irc: InspircdServer;
  let client: Client;
  let raw: IrcRawClient;

  beforeAll(async () => {
    irc = await startInspircd();
    client = new Client();
    const registered = new Promise<void>((resolve) => client.once('registered', resolve));
    client.connect({ host: irc.host, port: irc.port, nick: 'ifw', username: 'ifwuser', auto_reconnect: false });
    [raw] = await Promise.all([IrcRawClient.connect(irc.port, 'raw', { caps: ['message-tags'] }), registered]);
  });
  afterAll(async () => {
    raw.quit();
    await irc.stop();
  });

  it('starts from what the client knows: nick, caps and ISUPPORT as tokens', () => {
    const io = ircFrameworkLineIO(client);
    expect(io.initial?.nick).toBe('ifw');
    expect(io.initial?.caps).toContain('message-tags');
    expect(io.initial?.isupport).toMatchObject({
      LINELEN: '512',
      CASEMAPPING: 'rfc1459',
      CHANTYPES: '#',
      PREFIX: '(ov)@+',
    });
    const state = new IrcSessionState(io.initial);
    expect(state.isSelf('IFW')).toBe(true);
  });

  it('exchanges a WEBRTC CTCP both ways through the adapter', async () => {
    printLogsOnFailure(irc);
    const io = ircFrameworkLineIO(client);
    const state = new IrcSessionState(io.initial);
    const received: string[] = [];
    const off = io.onLine((line) => {
      received.push(line);
      const parsed = state.feed(line);
      const draft = parsed.ok ? decodeDraft(parsed.value) : null;
      if (draft?.ok && draft.value.kind === 'capabilities' && draft.value.caps === undefined) {
        for (const reply of encodeDraft({ kind: 'capabilities', caps: ['VOICE', 'VIDEO'] }, draft.value.from)) {
          io.send(reply);
        }
      }
    });
    raw.send('PRIVMSG ifw :\x01WEBRTC CAPABILITIES\x01');
    const answer = await raw.waitFor((l) => l.includes(' NOTICE raw :'));
    off();
    const parsed = parseIrcLine(answer);
    const decoded = parsed.ok ? decodeDraft(parsed.value) : null;
    expect(decoded?.ok && decoded.value).toEqual({
      kind: 'capabilities',
      caps: ['VOICE', 'VIDEO'],
      from: 'ifw',
      reply: true,
    });
    // Lines arrive raw (no CRLF), exactly as the server sent them; our own sends are not echoed back.
    const asSent = (l: string) => l.replace(/^@\S+ /, '');
    const fromRaw = received.map(asSent).filter((l) => l.startsWith(':raw!') && l.includes(' PRIVMSG ifw :'));
    expect(fromRaw.map((l) => l.slice(l.indexOf(' PRIVMSG ')))).toEqual([' PRIVMSG ifw :\x01WEBRTC CAPABILITIES\x01']);
    expect(received.every((l) => !l.includes('\r') && !l.includes('NOTICE raw'))).toBe(true);
    // The line came from the peer, so our state learnt nothing wrong about ourselves.
    expect(state.nick).toBe('ifw');
  });

  it('sends client tags through irc-framework untouched', async () => {
    const io = ircFrameworkLineIO(client);
    io.send('@+parley.dev/s=a\\sb TAGMSG raw');
    const got = await raw.waitFor((l) => / TAGMSG :?raw$/.test(l));
    const parsed = parseIrcLine(got);
    expect(parsed.ok && parsed.value.tags['+parley.dev/s']).toBe('a b');
  });

  it('reports the connection closing', async () => {
    const io = ircFrameworkLineIO(client);
    const closed = new Promise<string>((resolve) => io.onClose?.(resolve));
    client.quit('bye');
    expect(await closed).toBe('connection closed');
  });
});
