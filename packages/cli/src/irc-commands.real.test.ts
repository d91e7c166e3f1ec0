/* eslint-disable no-control-regex -- CTCP lines hold \x01 */
import { IrcRawClient, startInspircd, type InspircdServer } from '@parley/testing';
import { printLogsOnFailure } from '@parley/testing/vitest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Parley } from './parley-process.test-util.js';

let irc: InspircdServer;
const running: Parley[] = [];
const raw: IrcRawClient[] = [];

function parley(...args: string[]): Parley {
  const p = new Parley(args);
  running.push(p);
  return p;
}

async function rawClient(nick: string): Promise<IrcRawClient> {
  const client = await IrcRawClient.connect(irc.port, nick);
  raw.push(client);
  return client;
}

/** A `parley listen --json` process, once it is on IRC. */
async function listener(nick: string, ...args: string[]): Promise<Parley> {
  const p = parley('listen', '--json', '--irc', irc.ircUrl, '--nick', nick, ...args);
  expect(await p.next((e) => e.event === 'listening')).toEqual({ event: 'listening', nick });
  return p;
}

beforeAll(async () => {
  irc = await startInspircd({ profile: 'default' });
});
afterAll(async () => {
  await irc.stop();
});
afterEach(() => {
  for (const p of running.splice(0)) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  for (const client of raw.splice(0)) client.quit();
});

/** See offer-answer.real.test.ts: node-datachannel's DTLS sometimes fails two loaded peers connecting. */
const CONNECTING = { retry: 2, timeout: 45_000 };
/** Nicks are fresh on each attempt: a retry must not meet the killed attempt's nicks still on the server. */
let attempt = 0;

describe('parley listen / chat over InspIRCd (default flood profile)', () => {
  it(
    'alice (TCP) calls a listener (WebSocket), both chat, alice hangs up by ending stdin; mallory is blocked',
    CONNECTING,
    async () => {
      const n = ++attempt;
      const [bobNick, aliceNick, malloryNick] = [`bob1${n}`, `alice1${n}`, `mallory1${n}`] as const;
      printLogsOnFailure(irc);
      const bob = parley('listen', '--json', '--irc', irc.wsUrl, '--nick', bobNick, '--accept-from', aliceNick);
      await bob.next((e) => e.event === 'listening');

      const started = Date.now();
      const alice = parley('chat', '--json', '--irc', irc.ircUrl, '--nick', aliceNick, '--to', bobNick);
      expect(await alice.next((e) => e.event === 'calling')).toEqual({ event: 'calling', peer: bobNick, mode: 'tags' });
      expect(await bob.next((e) => e.event === 'incoming')).toEqual({ event: 'incoming', from: aliceNick });
      await Promise.all([alice.next((e) => e.event === 'connected'), bob.next((e) => e.event === 'connected')]);
      console.log(`parley chat → parley listen: connected ${Date.now() - started} ms after starting \`parley chat\``);
      expect(alice.events.find((e) => e.event === 'connected')).toEqual({ event: 'connected', peer: bobNick });
      expect(bob.events.find((e) => e.event === 'connected')).toEqual({ event: 'connected', peer: aliceNick });

      alice.write('hello bob');
      bob.write('hello alice');
      expect(await bob.next((e) => e.event === 'message')).toEqual({
        event: 'message',
        from: aliceNick,
        text: 'hello bob',
      });
      expect(await alice.next((e) => e.event === 'message')).toEqual({
        event: 'message',
        from: bobNick,
        text: 'hello alice',
      });

      alice.write('bye, then stdin ends');
      alice.child.stdin.end();
      expect(await bob.next((e) => e.event === 'message' && e.text === 'bye, then stdin ends')).toBeDefined();
      expect(await alice.exited).toBe(0);
      expect(alice.events.at(-1)).toEqual({ event: 'ended', peer: bobNick, reason: 'hangup' });
      expect(await bob.next((e) => e.event === 'ended')).toEqual({ event: 'ended', peer: aliceNick, reason: 'hangup' });

      // Still listening: mallory is not allowed, and gets nothing through.
      const mallory = parley(
        'chat',
        '--json',
        '--irc',
        irc.ircUrl,
        '--nick',
        malloryNick,
        '--to',
        bobNick,
        '--ring',
        '3',
      );
      expect(await bob.next((e) => e.event === 'blocked')).toEqual({
        event: 'blocked',
        nick: malloryNick,
        reason: 'policy',
      });
      expect(await mallory.exited).toBe(4);
      expect(mallory.events.at(-1)).toEqual({ event: 'ended', peer: bobNick, reason: 'invite-timeout' });
      expect(bob.events.filter((e) => e.event === 'incoming')).toEqual([{ event: 'incoming', from: aliceNick }]);
      expect(bob.child.exitCode).toBeNull();

      bob.child.kill('SIGINT');
      expect(await bob.exited).toBe(130);
      expect(bob.stderr.join('')).toBe('');
    },
  );

  it(
    'plain mode: the listener keeps listening after a call, takes a second one, and its stdin end stops it (exit 0)',
    CONNECTING,
    async () => {
      const n = ++attempt;
      const [bobNick, aliceNick] = [`bob2${n}`, `alice2${n}`] as const;
      const bob = parley('listen', '--irc', irc.ircUrl, '--nick', bobNick, '--accept-from', aliceNick.toUpperCase());
      const stderr = () => bob.stderr.join('');
      await expect
        .poll(stderr, { timeout: 15_000 })
        .toBe(`Listening as ${bobNick}.\nTaking calls from ${aliceNick.toUpperCase()}. Ctrl-C stops.\n`);
      for (const round of [1, 2]) {
        const alice = parley('chat', '--irc', irc.ircUrl, '--nick', aliceNick, '--to', bobNick);
        alice.child.stdin.end(`line ${round} from alice\n`);
        expect(await bob.nextLine((l) => l === `line ${round} from alice`)).toBeDefined();
        expect(await alice.exited).toBe(0);
        expect(alice.stderr.join('')).toContain(
          `Asking ${bobNick} what it supports…\nCalling ${bobNick}…\nConnected to ${bobNick}.`,
        );
      }
      await expect.poll(() => stderr().split(`Call ended (hangup, ${aliceNick})`).length - 1).toBe(2);
      bob.child.stdin.end();
      expect(await bob.exited).toBe(0);
    },
  );

  it("`parley caps` prints a listener's capabilities and exits 0", async () => {
    await listener('bob3');
    const plain = parley('caps', '--irc', irc.ircUrl, '--nick', 'carl3', '--to', 'bob3');
    expect(await plain.exited).toBe(0);
    expect(plain.lines).toEqual(['bob3: CHAT PARLEY/1 PARLEY-TAGS (mode: tags)']);
    const json = parley('caps', '--json', '--irc', irc.wsUrl, '--nick', 'dora3', '--to', 'bob3');
    expect(await json.exited).toBe(0);
    expect(json.events).toEqual([
      { event: 'capabilities', nick: 'bob3', caps: ['CHAT', 'PARLEY/1', 'PARLEY-TAGS'], mode: 'tags' },
    ]);
  });

  it('`parley caps` and `parley chat` against a client that answers ERROR WEBRTC exit 5 with a clear message', async () => {
    const carol = await rawClient('carol4');
    carol.onLine((line) => {
      const from = /^:([^!]+)!\S+ PRIVMSG carol4 :\x01WEBRTC CAPABILITIES\x01$/.exec(line)?.[1];
      if (from) carol.send(`NOTICE ${from} :\x01ERROR WEBRTC\x01`);
    });
    const caps = parley('caps', '--irc', irc.ircUrl, '--nick', 'alice4', '--to', 'carol4');
    expect(await caps.exited).toBe(5);
    expect(caps.lines).toEqual([]);
    expect(caps.stderr.join('')).toBe('parley: carol4 does not support WebRTC calls (ERROR WEBRTC)\n');
    const chat = parley('chat', '--json', '--irc', irc.ircUrl, '--nick', 'alice4b', '--to', 'carol4');
    expect(await chat.exited).toBe(5);
    expect(chat.events).toEqual([]);
    expect(chat.stderr.join('')).toBe('parley: carol4 does not support WebRTC calls (ERROR WEBRTC)\n');
  });

  it('`parley caps` against a silent client exits 5 after the timeout', async () => {
    await rawClient('silent5');
    const started = Date.now();
    const caps = parley('caps', '--irc', irc.ircUrl, '--nick', 'alice5', '--to', 'silent5', '--timeout', '1.5');
    expect(await caps.exited).toBe(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect(caps.stderr.join('')).toBe(
      'parley: silent5 did not answer a WebRTC capabilities query within 1.5 s: its client does not support WebRTC calls, or is not responding\n',
    );
  });

  it('a nick that is not on IRC exits 5 at once; an unreachable server exits 6', async () => {
    const started = Date.now();
    const caps = parley('caps', '--irc', irc.ircUrl, '--nick', 'alice6', '--to', 'nobody6');
    expect(await caps.exited).toBe(5);
    expect(caps.stderr.join('')).toBe('parley: nobody6 is not on IRC (no such nick)\n');
    expect(Date.now() - started).toBeLessThan(4000);
    const unreachable = parley('listen', '--irc', 'irc://127.0.0.1:1', '--nick', 'alice6');
    expect(await unreachable.exited).toBe(6);
    expect(unreachable.stderr.join('')).toMatch(/^parley: cannot connect to irc:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/);
  });
});
