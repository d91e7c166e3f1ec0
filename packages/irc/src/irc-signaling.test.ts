/* eslint-disable no-control-regex -- CTCP lines hold \x01 */
import { CallManager, type Call } from '@parley/core';
import { createFakePeerConnection, FakePeerConnection } from '@parley/testing/fake-peer-connection';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeIrcNetwork } from './fake-irc-network.test-util.js';
import { IrcSignaling, type IrcSignalingOptions } from './irc-signaling.js';

const settle = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

function side(net: FakeIrcNetwork, nick: string, options: Partial<IrcSignalingOptions> & { tags?: boolean } = {}) {
  const io = net.join(nick, { tags: options.tags ?? true });
  const manager = new CallManager({ createPeerConnection: createFakePeerConnection, statsIntervalMs: 0 });
  const signaling = new IrcSignaling({ io, manager, flood: undefined, ...options });
  return { io, manager, signaling };
}

beforeEach(() => {
  vi.useFakeTimers();
  FakePeerConnection.reset();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('discovery', () => {
  it('two Parley peers with message-tags talk in TAGMSG tags', async () => {
    const net = new FakeIrcNetwork();
    const alice = side(net, 'alice');
    const bob = side(net, 'bob');
    const info = alice.signaling.discover('bob');
    await settle();
    await expect(info).resolves.toMatchObject({ nick: 'bob', mode: 'tags' });
    expect((await info).caps).toEqual(expect.arrayContaining(['VOICE', 'VIDEO', 'FILE', 'PARLEY/1', 'PARLEY-TAGS']));
    // The query and its answer are the draft's, so draft-only clients understand them.
    expect(alice.io.sent).toEqual(['PRIVMSG bob :\x01WEBRTC CAPABILITIES\x01']);
    expect(bob.io.sent[0]).toMatch(/^NOTICE alice :\x01WEBRTC CAPABILITIES VOICE VIDEO FILE .*PARLEY\/1.*\x01$/);
  });

  it('a peer without message-tags gets CTCP', async () => {
    const net = new FakeIrcNetwork();
    const alice = side(net, 'alice');
    side(net, 'bob', { tags: false });
    const info = alice.signaling.discover('bob');
    await settle();
    await expect(info).resolves.toMatchObject({ mode: 'ctcp' });
  });

  it('a draft-only peer gets the draft', async () => {
    const net = new FakeIrcNetwork();
    const alice = side(net, 'alice');
    side(net, 'bob', { protocol: 'draft' });
    const info = alice.signaling.discover('bob');
    await settle();
    await expect(info).resolves.toEqual({ nick: 'bob', caps: ['VOICE', 'VIDEO', 'FILE'], mode: 'draft' });
  });

  it('ERROR WEBRTC, or silence, rejects with `unsupported`', async () => {
    const net = new FakeIrcNetwork();
    const alice = side(net, 'alice', { discoveryTimeoutMs: 3000 });
    const carol = net.join('carol');
    const dave = net.join('dave');
    const fromCarol = alice.signaling.discover('carol');
    const fromDave = alice.signaling.discover('dave');
    const results = Promise.allSettled([fromCarol, fromDave]);
    await settle();
    expect(carol.sent).toEqual([]);
    net.deliver('alice', ':carol!carol@example.test NOTICE alice :\x01ERROR WEBRTC\x01');
    await settle(3000);
    const [c, d] = await results;
    expect(c).toMatchObject({ status: 'rejected', reason: { code: 'unsupported', message: /ERROR WEBRTC/ } });
    expect(d).toMatchObject({ status: 'rejected', reason: { code: 'unsupported', message: /did not answer/ } });
    expect(dave.sent).toEqual([]);
  });
});

async function callAndRing(net: FakeIrcNetwork, bobOptions: Partial<IrcSignalingOptions> & { tags?: boolean } = {}) {
  const alice = side(net, 'alice');
  const bob = side(net, 'bob', bobOptions);
  const incoming = new Promise<Call>((resolve) => bob.manager.on('incoming', resolve));
  const placed = await alice.signaling.call('bob', { media: ['data'] });
  return { alice, bob, placed, incoming };
}

describe('calls', () => {
  // SDPs are deflated with CompressionStream, which runs on real timers.
  beforeEach(() => {
    vi.useRealTimers();
  });
  const settle = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

  for (const [name, options, envelope] of [
    ['tags', {}, /^@\+parley\.dev\/s=INVITE\\s\S+\\sd\\s60 TAGMSG bob$/],
    ['ctcp', { tags: false }, /^PRIVMSG bob :\x01PARLEY INVITE \S+ d 60\x01$/],
  ] as const) {
    it(`rings the peer in Parley mode (${name}), and signals flow both ways`, async () => {
      const net = new FakeIrcNetwork();
      const { alice, bob, placed, incoming } = await callAndRing(net, options);
      await expect.poll(() => alice.io.sent.find((l) => l.includes('INVITE'))).toMatch(envelope);
      const call = await incoming;
      expect(call.peerId).toBe('alice');
      expect(call.media).toEqual(['data']);
      await call.accept();
      expect(placed.state).toBe('connecting');
      // The offer and the answer crossed: both sides have both descriptions.
      const pcA = placed.peerConnection as unknown as FakePeerConnection;
      const pcB = call.peerConnection as unknown as FakePeerConnection;
      await expect.poll(() => pcA.remoteDescription?.type).toBe('answer');
      expect(pcB.remoteDescription?.type).toBe('offer');
      expect(bob.io.sent.every((l) => l.length <= 512 || l.startsWith('@'))).toBe(true);
    });
  }

  it('rings a draft-only peer with CALL-OFFER and sends the SDP line by line', async () => {
    const net = new FakeIrcNetwork();
    const { alice, placed, incoming } = await callAndRing(net, { protocol: 'draft' });
    const call = await incoming;
    expect(call.media).toEqual(['audio', 'video']); // the draft does not say
    await call.accept();
    const pcA = placed.peerConnection as unknown as FakePeerConnection;
    await expect.poll(() => pcA.remoteDescription?.type).toBe('answer');
    const sent = alice.io.sent.map((l) => l.replace(/^PRIVMSG bob :\x01WEBRTC (.*)\x01$/, '$1'));
    expect(sent.slice(1, 4)).toEqual(['CALL-OFFER', 'SDP-START', 'SDP v=0']);
    expect(sent).toContain('SDP-END');
  });

  it('QUIT mid-call ends it with `peer-gone`', async () => {
    const net = new FakeIrcNetwork();
    const { placed, incoming } = await callAndRing(net);
    await (await incoming).accept();
    await settle();
    net.quit('bob');
    await expect.poll(() => placed.endReason).toBe('peer-gone');
  });
});

describe('hostile input', () => {
  it('invites from nicks the policy refuses never ring', async () => {
    const net = new FakeIrcNetwork();
    const blocked: string[] = [];
    const bob = side(net, 'bob', { allow: (nick) => nick === 'friend' });
    bob.signaling.on('blocked', ({ nick, reason }) => blocked.push(`${nick}:${reason}`));
    const rang = vi.fn();
    bob.manager.on('incoming', rang);
    net.deliver('bob', ':mallory!m@example.test PRIVMSG bob :\x01PARLEY INVITE abcdefgh d 60\x01');
    net.deliver('bob', ':mallory!m@example.test PRIVMSG bob :\x01WEBRTC CALL-OFFER\x01');
    await settle();
    expect(rang).not.toHaveBeenCalled();
    expect(blocked).toEqual(['mallory:policy', 'mallory:policy']);
  });

  it('unsolicited invites are rate limited per nick and in total', async () => {
    const net = new FakeIrcNetwork();
    const bob = side(net, 'bob', { invitesPerMinute: { perNick: 2, total: 3 } });
    const blocked: string[] = [];
    bob.signaling.on('blocked', ({ nick, reason }) => blocked.push(`${nick}:${reason}`));
    const invite = (nick: string, i: number) =>
      net.deliver('bob', `:${nick}!x@example.test PRIVMSG bob :\x01PARLEY INVITE ${nick}${i}xxxxxx d 60\x01`);
    for (let i = 0; i < 5; i++) invite('m1', i);
    invite('m2', 0);
    invite('m3', 0);
    await settle();
    // m1: 2 ring (the second is answered busy by the core), 3 are dropped; m2 rings; m3 is over the total.
    expect(blocked).toEqual(['m1:rate-limit', 'm1:rate-limit', 'm1:rate-limit', 'm3:rate-limit']);
    expect(bob.manager.calls.map((c) => c.peerId)).toEqual(['m1', 'm2']);
  });

  it('unknown WEBRTC sub-commands get a bounded number of ERROR replies; garbled ones none', async () => {
    const net = new FakeIrcNetwork();
    const bob = side(net, 'bob');
    for (let i = 0; i < 50; i++) net.deliver('bob', `:m${i}!x@example.test PRIVMSG bob :\x01WEBRTC FROB ${i}\x01`);
    net.deliver('bob', ':m!x@example.test PRIVMSG bob :\x01WEBRTC SDP not-an-sdp-line\x01');
    await settle(10_000);
    const errors = bob.io.sent.filter((l) => l.includes('ERROR WEBRTC'));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.length).toBeLessThanOrEqual(20);
    expect(bob.io.sent.some((l) => l.startsWith('NOTICE m :'))).toBe(false);
  });

  it('capability queries from a flood of nicks get bounded replies', async () => {
    const net = new FakeIrcNetwork();
    const bob = side(net, 'bob');
    for (let i = 0; i < 200; i++) net.deliver('bob', `:q${i}!x@example.test PRIVMSG bob :\x01WEBRTC CAPABILITIES\x01`);
    await settle();
    expect(bob.io.sent.length).toBeLessThanOrEqual(20);
  });

  it('unsolicited CAPABILITIES answers are ignored; peers are bounded, idle ones forgotten first', async () => {
    const net = new FakeIrcNetwork();
    const bob = side(net, 'bob', { invitesPerMinute: { perNick: 1000, total: 1000 } });
    const seen = vi.fn();
    bob.signaling.on('capabilities', seen);
    net.deliver('bob', ':m!x@example.test NOTICE bob :\x01WEBRTC CAPABILITIES VOICE PARLEY/1\x01');
    await settle();
    expect(seen).not.toHaveBeenCalled();
    // 300 strangers ring: the core lets 4 ring and answers the rest busy. Past 256 peers the idle ones
    // are forgotten, never those whose call still rings.
    for (let i = 0; i < 4; i++) {
      net.deliver('bob', `:n${i}!x@example.test PRIVMSG bob :\x01PARLEY INVITE n${i}xxxxxxxx d 60\x01`);
    }
    await settle();
    const ringing = bob.manager.calls.map((c) => c.peerId);
    expect(ringing).toEqual(['n0', 'n1', 'n2', 'n3']);
    for (let i = 4; i < 300; i++) {
      net.deliver('bob', `:n${i}!x@example.test PRIVMSG bob :\x01PARLEY INVITE n${i}xxxxxxxx d 60\x01`);
    }
    await settle();
    expect(bob.manager.calls.map((c) => [c.peerId, c.state])).toEqual(ringing.map((n) => [n, 'incoming']));
    expect(bob.signaling.peers).toHaveLength(256);
    expect(bob.signaling.peers).toEqual(expect.arrayContaining([...ringing, 'n299']));
  });

  it('one nick flooding queries does not use up the answers others get', async () => {
    const net = new FakeIrcNetwork();
    const bob = side(net, 'bob');
    for (let i = 0; i < 100; i++) net.deliver('bob', ':pest!x@example.test PRIVMSG bob :\x01WEBRTC CAPABILITIES\x01');
    await settle();
    expect(bob.io.sent.filter((l) => l.startsWith('NOTICE pest '))).toHaveLength(3);
    net.deliver('bob', ':friend!x@example.test PRIVMSG bob :\x01WEBRTC CAPABILITIES\x01');
    await settle();
    expect(bob.io.sent.at(-1)).toMatch(/^NOTICE friend :\x01WEBRTC CAPABILITIES /);
  });

  it('signals in channel messages, from servers or for unknown calls are ignored', async () => {
    const net = new FakeIrcNetwork();
    const bob = side(net, 'bob');
    const errors = vi.fn();
    bob.signaling.on('signal-error', errors);
    net.deliver('bob', ':m!x@example.test PRIVMSG #chan :\x01PARLEY INVITE abcdefgh d 60\x01');
    net.deliver('bob', ':irc.example.test NOTICE bob :\x01PARLEY INVITE abcdefgh d 60\x01');
    net.deliver('bob', ':m!x@example.test PRIVMSG bob :\x01PARLEY HANGUP abcdefgh hangup\x01');
    await settle();
    expect(bob.manager.calls).toEqual([]);
    expect(bob.io.sent).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
  });
});

describe('pacing', () => {
  beforeEach(() => {
    vi.useRealTimers();
  });

  it('every line goes through the flood budget, control before bulk', async () => {
    const net = new FakeIrcNetwork();
    const alice = side(net, 'alice', { flood: { burst: 2, perSecond: 20 }, protocol: 'draft' });
    const times: number[] = [];
    const send = alice.io.send.bind(alice.io);
    alice.io.send = (line) => {
      times.push(Date.now());
      send(line);
    };
    side(net, 'bob', { protocol: 'draft' });
    await alice.signaling.call('bob', { media: ['data'] });
    await expect.poll(() => alice.io.sent.some((l) => l.includes('SDP-END')), { timeout: 5000 }).toBe(true);
    // Burst of 2, then one every 50 ms: line i never leaves before (i - 1) × 50 ms.
    times.forEach((t, i) => expect(t - times[0]!).toBeGreaterThanOrEqual(Math.max(0, i - 1) * 50 - 5));
    const draft = alice.io.sent.map((l) => l.replace(/^PRIVMSG bob :\x01WEBRTC (.*)\x01$/, '$1'));
    expect(draft.slice(1, 4)).toEqual(['CALL-OFFER', 'SDP-START', 'SDP v=0']);
    expect(draft.indexOf('SDP-END')).toBeGreaterThan(draft.indexOf('SDP v=0'));
    const offer = alice.io.sent.findIndex((l) => l.includes('CALL-OFFER'));
    const sdpStart = alice.io.sent.findIndex((l) => l.includes('SDP-START'));
    expect(offer).toBeGreaterThan(0);
    expect(sdpStart).toBeGreaterThan(offer);
  });
});

describe('plain messages', () => {
  it('`text` reports plain private messages from users, not CTCP, NOTICEs, signals, channels or servers', () => {
    const net = new FakeIrcNetwork();
    const alice = side(net, 'alice');
    const texts: Array<{ nick: string; text: string }> = [];
    alice.signaling.on('text', (t) => texts.push(t));
    for (const line of [
      ':carol!c@example.test PRIVMSG alice :hello there',
      ':carol!c@example.test PRIVMSG alice :\x01ACTION waves\x01',
      ':carol!c@example.test PRIVMSG alice :\x01WEBRTC CAPABILITIES\x01',
      '@+intent=WEBRTC :carol!c@example.test PRIVMSG alice CALL-OFFER',
      ':carol!c@example.test NOTICE alice :a notice',
      ':carol!c@example.test PRIVMSG #chan :to the channel',
      '@+parley.dev/s=CAPS? :carol!c@example.test PRIVMSG alice :tagged',
      ':irc.example.test PRIVMSG alice :from a server',
      ':dave!d@example.test PRIVMSG ALICE :https://example.org/join/#answer/P2abc',
    ]) {
      net.deliver('alice', line);
    }
    expect(texts).toEqual([
      { nick: 'carol', text: 'hello there' },
      { nick: 'dave', text: 'https://example.org/join/#answer/P2abc' },
    ]);
  });

  it('`textBudget` is what one PRIVMSG to the nick carries whole, and `sendText` splits at it', async () => {
    const net = new FakeIrcNetwork();
    const alice = side(net, 'alice');
    // :alice!alice@example.test PRIVMSG carol :<text>\r\n within 512 bytes
    const budget = 512 - ':alice!alice@example.test PRIVMSG carol :\r\n'.length;
    expect(alice.signaling.textBudget('carol')).toBe(budget);
    alice.signaling.sendText('carol', 'x'.repeat(budget + 1));
    await settle();
    expect(alice.io.sent).toEqual([`PRIVMSG carol ${'x'.repeat(budget)}`, 'PRIVMSG carol x']);
  });
});
