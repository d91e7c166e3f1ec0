/* eslint-disable no-control-regex -- CTCP lines hold \x01 */
import { CallManager, type Call } from '@parley/core';
import { ManualExchange } from '@parley/core/manual-exchange';
import { createInviteLink, readInvite } from '@parley/invite';
import { createNodePeer, IrcRawClient, startInspircd, type InspircdServer } from '@parley/testing';
import { printLogsOnFailure } from '@parley/testing/vitest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Parley } from './parley-process.test-util.js';

const BASE = 'https://parley.example/join/';
let irc: InspircdServer;
const running: Parley[] = [];
const raw: IrcRawClient[] = [];
const managers: CallManager[] = [];

function parley(...args: string[]): Parley {
  const p = new Parley(args);
  running.push(p);
  return p;
}

/** A client without WebRTC: answers the capabilities query with the draft's ERROR, as such clients do. */
async function noWebrtcClient(nick: string): Promise<IrcRawClient> {
  const client = await IrcRawClient.connect(irc.port, nick);
  raw.push(client);
  client.onLine((line) => {
    const from = new RegExp(`^:([^!]+)!\\S+ PRIVMSG ${nick} :\\x01WEBRTC CAPABILITIES\\x01$`).exec(line)?.[1];
    if (from) client.send(`NOTICE ${from} :\x01ERROR WEBRTC\x01`);
  });
  return client;
}

/** What the join page does with an offer link: a Node peer (`trickle: false`, P2 texts) answers it. */
async function answerAsJoinPage(offerText: string): Promise<{ answer: string; call: Promise<Call> }> {
  const manager = new CallManager({ createPeerConnection: createNodePeer, trickle: false, statsIntervalMs: 0 });
  managers.push(manager);
  const exchange = new ManualExchange();
  manager.addPeer('peer', exchange);
  const call = new Promise<Call>((resolve) =>
    manager.on('incoming', (incoming) => {
      void incoming.accept();
      resolve(incoming);
    }),
  );
  const offer = await readInvite(offerText);
  if (!offer.ok) throw offer.error;
  expect(offer.value.role).toBe('offer');
  expect(offer.value.summary.media).toEqual(['data']);
  await exchange.receive(offer.value.bundle);
  const link = createInviteLink(await exchange.nextBundle(), { base: BASE, role: 'answer' });
  if (!link.ok) throw link.error;
  return { answer: link.value, call };
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
  for (const manager of managers.splice(0)) manager.close();
});

/** See offer-answer.real.test.ts: node-datachannel's DTLS sometimes fails two loaded peers connecting. */
const CONNECTING = { retry: 2, timeout: 60_000 };
/** Nicks are fresh on each attempt: a retry must not meet the killed attempt's nicks still on the server. */
let attempt = 0;

describe('parley chat --join-link over InspIRCd (default flood profile)', () => {
  it(
    'a peer answering ERROR WEBRTC gets the join link in one PRIVMSG; its answer link, pasted back, connects the chat',
    CONNECTING,
    async () => {
      const n = ++attempt;
      const [carolNick, aliceNick] = [`carol7${n}`, `alice7${n}`] as const;
      printLogsOnFailure(irc);
      const carol = await noWebrtcClient(carolNick);
      const invite = carol.waitFor((l) => l.startsWith(`:${aliceNick}!`) && / PRIVMSG \S+ :[^\x01]/.test(l), 30_000);
      const alice = parley(
        'chat',
        '--json',
        '--irc',
        irc.ircUrl,
        '--nick',
        aliceNick,
        '--to',
        carolNick,
        '--join-link',
        BASE,
      );
      const fallback = await alice.next((e) => e.event === 'fallback');
      expect(fallback).toEqual({ event: 'fallback', peer: carolNick, link: expect.any(String) });
      const link = fallback.link!;
      expect(link).toMatch(/^https:\/\/parley\.example\/join\/#offer\/P2[A-Za-z0-9_-]+$/);
      console.log(`join-link fallback: the offer link is ${link.length} characters`);

      // One plain PRIVMSG, the link whole in it, as it crossed the server.
      const line = await invite;
      expect(line).toMatch(new RegExp(`^:${aliceNick}![^ ]+ PRIVMSG ${carolNick} :`));
      expect(line.replace(/^.*? PRIVMSG \S+ :/, '')).toBe(
        `${aliceNick} would like to call you (Parley): ${link} — open it in a browser, then paste the answer link here`,
      );
      expect(carol.lines.filter((l) => / PRIVMSG /.test(l))).toEqual([
        `:${line.slice(1).split(' ')[0]} PRIVMSG ${carolNick} :\x01WEBRTC CAPABILITIES\x01`,
        line,
      ]);

      // carol opens it "in a browser" and sends the answer link back, with some chat before it.
      const page = await answerAsJoinPage(line);
      carol.send(`PRIVMSG ${aliceNick} :ok, opening it`);
      carol.send(`PRIVMSG ${aliceNick} :here is the answer: ${page.answer}`);
      await alice.next((e) => e.event === 'connected');
      expect(alice.events.map((e) => e.event)).toEqual(['fallback', 'connected']);
      expect(alice.events.at(-1)).toEqual({ event: 'connected', peer: carolNick });
      const call = await page.call;
      await expect.poll(() => call.state, { timeout: 15_000 }).toBe('connected');

      const received = new Promise<string>((resolve) => call.on('message', resolve));
      alice.write('hello from the terminal');
      expect(await received).toBe('hello from the terminal');
      call.send('hello from the join page');
      expect(await alice.next((e) => e.event === 'message')).toEqual({
        event: 'message',
        from: carolNick,
        text: 'hello from the join page',
      });

      alice.child.stdin.end();
      expect(await alice.exited).toBe(0);
      expect(alice.events.at(-1)).toEqual({ event: 'ended', peer: carolNick, reason: 'hangup' });
      expect(alice.stderr.join('')).toBe('');
    },
  );

  it('without an answer within --ring, the fallback gives up: ended invite-timeout, exit 4', async () => {
    const carol = await noWebrtcClient('carol8');
    const started = Date.now();
    const alice = parley(
      'chat',
      '--irc',
      irc.ircUrl,
      '--nick',
      'alice8',
      '--to',
      'carol8',
      '--join-link',
      BASE,
      '--ring',
      '1.5',
    );
    expect(await alice.exited).toBe(4);
    const stderr = alice.stderr.join('');
    expect(stderr).toContain(
      'carol8 does not support WebRTC calls (ERROR WEBRTC).\nSent carol8 a link to the join page:\n',
    );
    expect(stderr).toContain('\nWaiting for carol8 to open it and send the answer link back…\n');
    expect(stderr).toMatch(/No answer \(invite-timeout, carol8\)\.\n/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect(
      carol.lines.filter((l) => l.includes('would like to call you (Parley): https://parley.example/join/#offer/P2')),
    ).toHaveLength(1);
  });
});
