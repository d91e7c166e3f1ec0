import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Call } from './call.js';
import { CallManager, type CallManagerOptions, type PlaceCallOptions } from './call-manager.js';
import { ParleyError } from './errors.js';
import { createFakePeerConnection, FakePeerConnection } from '@parley/testing/fake-peer-connection';
import { createMemoryTransportPair, type MemoryTransport } from './memory-transport.js';

// Logic of the state machine with scripted peer connections and fake timers.
// SDPs travel as text ('t') so that no real async I/O (deflate) is involved.

async function settle(ms = 0): Promise<void> {
  for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(i === 0 ? ms : 1);
}

function setup(options: CallManagerOptions = {}) {
  const [ta, tb] = createMemoryTransportPair();
  const settings: CallManagerOptions = {
    createPeerConnection: createFakePeerConnection,
    statsIntervalMs: 0,
    ...options,
  };
  const alice = new CallManager(settings);
  const bob = new CallManager(settings);
  alice.addPeer('bob', ta, { sdpEncoding: 't' });
  bob.addPeer('alice', tb, { sdpEncoding: 't' });
  return { alice, bob, ta, tb };
}

function states(call: Call): string[] {
  const seen: string[] = [call.state];
  call.on('statechange', ({ state, reason }) => seen.push(reason ? `${state}:${reason}` : state));
  return seen;
}

const pcOf = (call: Call) => call.peerConnection as unknown as FakePeerConnection;

/** Alice calls Bob and Bob's phone rings. */
async function ringing(options: CallManagerOptions = {}, place: PlaceCallOptions = {}) {
  const s = setup(options);
  const incoming = s.bob.once('incoming');
  const out = s.alice.call('bob', place);
  const outStates = states(out);
  await settle();
  const inc = await incoming;
  return { ...s, out, inc, outStates };
}

async function connected(options: CallManagerOptions = {}) {
  const s = await ringing(options, { media: ['data'] });
  const { out, inc, outStates } = s;
  const incStates = states(inc);
  await inc.accept();
  await settle();
  pcOf(out).connect();
  pcOf(inc).connect();
  await settle();
  return { ...s, out, inc, outStates, incStates };
}

beforeEach(() => {
  vi.useFakeTimers();
  FakePeerConnection.reset();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('call state machine', () => {
  it('idle → outgoing → connecting → connected → ended(hangup) on the caller; incoming → … on the callee', async () => {
    const { out, inc, outStates, incStates, ta } = await connected();
    expect(outStates).toEqual(['outgoing', 'connecting', 'connected']);
    expect(incStates).toEqual(['incoming', 'connecting', 'connected']);
    expect(ta.sent[0]).toMatch(/^INVITE \S+ d 60$/);
    expect(ta.sent[1]).toMatch(/^SDP \S+ o t "v=0/);
    const ended = inc.once('ended');
    out.hangup();
    await settle();
    expect(outStates.at(-1)).toBe('ended:hangup');
    expect(incStates.at(-1)).toBe('ended:hangup');
    const summary = await ended;
    expect(summary).toMatchObject({ direction: 'incoming', media: ['data'], reason: 'hangup', peerId: 'alice' });
    expect(summary.connectedAt).toBeDefined();
    expect(pcOf(out)).toBeUndefined(); // closed and released
  });

  it('the callee creates no connection (and leaks no address) before accepting', async () => {
    const { alice, bob } = setup();
    const incoming = bob.once('incoming');
    alice.call('bob', { media: ['data'] });
    await settle();
    const inc = await incoming;
    expect(inc.peerConnection).toBeUndefined();
    expect(FakePeerConnection.instances).toHaveLength(1); // the caller's only
  });

  it('declined: the caller ends with `declined`', async () => {
    const { alice, bob } = setup();
    bob.on('incoming', (call) => call.decline());
    const out = alice.call('bob');
    const seen = states(out);
    await settle();
    expect(seen).toEqual(['outgoing', 'ended:declined']);
  });

  it('busy: the caller ends with `busy`', async () => {
    const { alice, bob } = setup();
    bob.on('incoming', (call) => call.decline('busy'));
    const out = alice.call('bob');
    const seen = states(out);
    await settle();
    expect(seen.at(-1)).toBe('ended:busy');
  });

  it('invite timeout: after the lifetime (default 60 s) both sides end with `invite-timeout`', async () => {
    const { out, inc } = await ringing();
    await settle(59_000);
    expect(out.state).toBe('outgoing');
    expect(inc.state).toBe('incoming');
    await settle(1_000);
    expect(out.endReason).toBe('invite-timeout');
    expect(inc.endReason).toBe('invite-timeout');
  });

  it('a shorter invite lifetime is honoured on both sides', async () => {
    const { out, inc } = await ringing({}, { lifetimeMs: 5_000 });
    await settle(5_000);
    expect([out.endReason, inc.endReason]).toEqual(['invite-timeout', 'invite-timeout']);
  });

  it('connect timeout: accepted but never connected ends with `connect-timeout`', async () => {
    const { out, inc } = await ringing({ connectTimeoutMs: 10_000 });
    await inc.accept();
    await settle(10_000);
    expect(out.endReason).toBe('connect-timeout');
    expect(inc.endReason).toBe('connect-timeout');
  });

  // `closed`: engines such as node-datachannel close a connection themselves right after `failed`.
  it.each(['failed', 'closed'] as const)(
    'the connection becoming `%s` while connecting ends with `ice-failed` on both sides',
    async (state) => {
      const { out, inc } = await ringing();
      await inc.accept();
      await settle();
      pcOf(out).setConnection(state);
      await settle();
      expect(out.endReason).toBe('ice-failed');
      expect(inc.endReason).toBe('ice-failed');
    },
  );

  it('the connection closing under a connected call waits for the HANGUP, then ends with `peer-gone`', async () => {
    const { out } = await connected({ peerCloseGraceMs: 3_000 });
    pcOf(out).setConnection('closed');
    await vi.advanceTimersByTimeAsync(2_990);
    expect(out.state).toBe('connected');
    await vi.advanceTimersByTimeAsync(10);
    expect(out.endReason).toBe('peer-gone');
  });

  it('a HANGUP arriving after the connection closed still ends with `hangup`', async () => {
    const { out, inc } = await connected({ peerCloseGraceMs: 3_000 });
    pcOf(inc).setConnection('closed');
    await vi.advanceTimersByTimeAsync(1_000);
    out.hangup();
    await settle();
    expect(inc.endReason).toBe('hangup');
  });

  it('cancelling a ringing call ends it on both sides', async () => {
    const { out, inc } = await ringing();
    out.hangup();
    await settle();
    expect(inc.state).toBe('ended');
    expect(inc.endReason).toBe('hangup');
  });

  it('the peer going away (PART, QUIT, nick change) ends the call with `peer-gone`', async () => {
    const { out, ta } = await connected();
    (ta as MemoryTransport).disconnect('quit');
    await settle();
    expect(out.endReason).toBe('peer-gone');
  });

  it('an ERROR unsupported reply to an invite ends with `unsupported`', async () => {
    const { alice, tb } = setup();
    const out = alice.call('bob');
    await settle();
    tb.send(`ERROR unsupported ${out.id} no webrtc here`);
    await settle();
    expect(out.endReason).toBe('unsupported');
  });

  it('accept() on a call that is not ringing throws a typed error', async () => {
    const { out } = await connected();
    await expect(out.accept()).rejects.toBeInstanceOf(ParleyError);
    await expect(out.accept()).rejects.toMatchObject({ code: 'invalid-state' });
  });
});

describe('call waiting', () => {
  it('a second caller raises call-waiting; declining it as busy keeps the first call', async () => {
    const { bob, out, inc } = await connected();
    const [tc, tb2] = createMemoryTransportPair();
    const carol = new CallManager({ createPeerConnection: createFakePeerConnection });
    carol.addPeer('bob', tc, { sdpEncoding: 't' });
    bob.addPeer('carol', tb2, { sdpEncoding: 't' });
    const waiting = bob.once('call-waiting');
    const fromCarol = carol.call('bob');
    await settle();
    const { call, active } = await waiting;
    expect(active).toBe(inc);
    call.decline('busy');
    await settle();
    expect(fromCarol.endReason).toBe('busy');
    expect(out.state).toBe('connected');
  });

  it('switchTo() hangs up the active call and accepts the waiting one', async () => {
    const { bob, out } = await connected();
    const [tc, tb2] = createMemoryTransportPair();
    const carol = new CallManager({ createPeerConnection: createFakePeerConnection });
    carol.addPeer('bob', tc, { sdpEncoding: 't' });
    bob.addPeer('carol', tb2, { sdpEncoding: 't' });
    const waiting = bob.once('call-waiting');
    const fromCarol = carol.call('bob');
    await settle();
    const { call } = await waiting;
    await bob.switchTo(call);
    await settle();
    expect(out.endReason).toBe('hangup');
    expect(fromCarol.state).toBe('connecting');
    expect(call.state).toBe('connecting');
  });

  it('unsolicited invites are bounded: past maxRinging, more get BUSY', async () => {
    const bob = new CallManager({ createPeerConnection: createFakePeerConnection, maxRinging: 2 });
    const transports = ['c1', 'c2', 'c3'].map((id) => {
      const [caller, callee] = createMemoryTransportPair();
      bob.addPeer(id, callee, { sdpEncoding: 't' });
      return caller;
    });
    let rang = 0;
    bob.on('incoming', () => rang++);
    transports.forEach((t, i) => t.send(`INVITE call000${i} a 60`));
    await settle();
    expect(rang).toBe(2);
    expect(transports[2]!.peer!.sent).toContain('BUSY call0002');
    // A second invite from a peer already ringing is refused too.
    transports[0]!.send('INVITE call0009 a 60');
    await settle();
    expect(transports[0]!.peer!.sent).toContain('BUSY call0009');
  });
});

describe('glare', () => {
  it('both sides calling at once gives one call, with the lower id, on both sides', async () => {
    const { alice, bob } = setup();
    const a = alice.call('bob', { media: ['data'] });
    const b = bob.call('alice', { media: ['data'] });
    const winner = a.id < b.id ? a.id : b.id;
    await settle();
    expect(a.id).toBe(winner);
    expect(b.id).toBe(winner);
    expect(alice.calls).toHaveLength(1);
    expect(bob.calls).toHaveLength(1);
    const [caller, callee] = a.direction === 'outgoing' ? [a, b] : [b, a];
    expect(callee.direction).toBe('incoming');
    expect(callee.state).toBe('connecting');
    expect(caller.state).toBe('connecting');
  });

  it('calling a peer who is ringing us accepts their call', async () => {
    const { bob, out, inc } = await ringing();
    expect(bob.call('alice')).toBe(inc);
    await settle();
    expect(out.state).toBe('connecting');
    expect(inc.state).toBe('connecting');
  });
});

describe('trickle ICE', () => {
  it('the offerer holds its candidates until the answer is in, then sends them in one message, then ICE-END', async () => {
    const { out, inc, ta } = await ringing();
    const pc = pcOf(out);
    pc.emitCandidate('candidate:1 1 udp 1 127.0.0.1 1000 typ host');
    pc.emitCandidate('candidate:2 1 udp 1 127.0.0.1 1001 typ host');
    pc.emitCandidate('a=candidate:3 1 tcp 1 127.0.0.1 1002 typ host tcptype passive');
    await settle(40);
    pc.emitCandidate(null);
    await settle(100);
    // A peer holding our candidates before we hold its answer may connect and start DTLS first.
    expect(ta.sent.filter((t) => t.startsWith('ICE'))).toEqual([]);
    await inc.accept();
    await settle();
    const ice = ta.sent.filter((t) => t.startsWith('ICE'));
    expect(ice).toHaveLength(2);
    expect(ice[0]!.split('|')).toHaveLength(3);
    expect(ice[0]).toContain('0 candidate:3 1 tcp'); // normalised
    expect(ice[1]).toBe(`ICE-END ${out.id}`);
  });

  it('the answerer batches candidates found close together into one message', async () => {
    const { inc, tb } = await ringing();
    await inc.accept();
    await settle();
    const pc = pcOf(inc);
    pc.emitCandidate('candidate:1 1 udp 1 127.0.0.1 1000 typ host');
    pc.emitCandidate('candidate:2 1 udp 1 127.0.0.1 1001 typ host');
    await settle(40);
    pc.emitCandidate('candidate:3 1 udp 1 127.0.0.1 1002 typ host');
    await settle(40);
    const ice = tb.sent.filter((t) => t.startsWith('ICE '));
    expect(ice.map((t) => t.split('|').length)).toEqual([2, 1]);
  });

  it('remote candidates that arrive before the description are queued, then applied', async () => {
    const { out, inc, ta } = await ringing();
    // A peer that trickles before we answer (the IRC draft's clients may).
    await ta.send(`ICE ${out.id} 0 candidate:1 1 udp 1 127.0.0.1 1000 typ host`);
    await settle();
    await inc.accept();
    await settle();
    expect(pcOf(inc).addedCandidates).toEqual([
      { candidate: 'candidate:1 1 udp 1 127.0.0.1 1000 typ host', sdpMid: '0' },
    ]);
  });

  it('non-trickle sends no ICE messages', async () => {
    const { alice, ta } = setup({ trickle: false, gatherTimeoutMs: 100 });
    const out = alice.call('bob');
    await settle(200);
    pcOf(out).emitCandidate('candidate:1 1 udp 1 127.0.0.1 1000 typ host');
    await settle(100);
    expect(ta.sent.filter((t) => t.startsWith('ICE'))).toEqual([]);
    expect(ta.sent.some((t) => t.startsWith('SDP '))).toBe(true);
  });
});

describe('reconnection', () => {
  it('restarts ICE after the grace period in `disconnected`, and reports the downtime once back', async () => {
    const { out } = await connected({ iceRestartGraceMs: 2_000 });
    const events: string[] = [];
    out.on('reconnecting', () => events.push('reconnecting'));
    out.on('reconnected', ({ downtimeMs }) => events.push(`reconnected after ${downtimeMs}`));
    const pc = pcOf(out);
    pc.setConnection('disconnected');
    await vi.advanceTimersByTimeAsync(1_990);
    expect(pc.restarts).toBe(0);
    await vi.advanceTimersByTimeAsync(10);
    expect(pc.restarts).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    pc.setConnection('connected');
    expect(events[0]).toBe('reconnecting');
    expect(events[1]).toBe('reconnected after 3000');
    expect(out.state).toBe('connected');
  });

  it('`failed` restarts at once on the caller', async () => {
    const { out } = await connected();
    pcOf(out).setConnection('failed');
    expect(pcOf(out).restarts).toBe(1);
  });

  it('hangs up with `ice-failed` when the connection does not come back within the limit', async () => {
    const { out, inc } = await connected({ reconnectTimeoutMs: 30_000 });
    pcOf(out).setConnection('disconnected');
    pcOf(inc).setConnection('disconnected');
    await settle(30_000);
    expect(out.endReason).toBe('ice-failed');
    expect(inc.endReason).toBe('ice-failed');
  });

  it('setIceServers() applies the new servers and restarts ICE', async () => {
    const { out } = await connected();
    const servers = [{ urls: 'turn:127.0.0.1:3478', username: 'u', credential: 'p' }];
    out.setIceServers(servers);
    expect(pcOf(out).config.iceServers).toEqual(servers);
    expect(pcOf(out).restarts).toBe(1);
  });

  it('relay-only mode asks for relay candidates only', async () => {
    const { out } = await connected({ relayOnly: true });
    expect(pcOf(out).config.iceTransportPolicy).toBe('relay');
  });
});

describe('media state and data', () => {
  it('mute and camera-off are signalled to the peer', async () => {
    const { out, inc } = await connected();
    const seen: unknown[] = [];
    inc.on('remotemedia', (state) => seen.push(state));
    out.setMicMuted(true);
    await out.setCameraOff(true);
    await settle();
    expect(seen).toEqual([
      { micMuted: true, cameraOff: false, screenSharing: false },
      { micMuted: true, cameraOff: true, screenSharing: false },
    ]);
    expect(inc.remoteMedia.cameraOff).toBe(true);
  });

  it('send() before the DataChannel is open throws a typed error', async () => {
    const { alice } = setup();
    const out = alice.call('bob');
    expect(() => out.send('x')).toThrow(ParleyError);
  });
});

describe('capabilities', () => {
  it('answers a query with its capabilities', async () => {
    const { alice } = setup();
    const caps = alice.queryCapabilities('bob');
    await settle();
    await expect(caps).resolves.toEqual(['VOICE', 'VIDEO', 'FILE', 'CHAT', 'PARLEY/1']);
  });

  it('rejects with `unsupported` on an ERROR reply, and on silence', async () => {
    const [ta, tb] = createMemoryTransportPair();
    const alice = new CallManager({ createPeerConnection: createFakePeerConnection });
    alice.addPeer('bob', ta);
    tb.onMessage((text) => {
      if (text === 'CAPS?') tb.send('ERROR unsupported - WEBRTC');
    });
    const refused = alice.queryCapabilities('bob');
    const refusedCheck = expect(refused).rejects.toMatchObject({ code: 'unsupported' });
    await settle();
    await refusedCheck;

    const [tc] = createMemoryTransportPair();
    alice.addPeer('silent', tc);
    const silent = alice.queryCapabilities('silent', 3_000);
    const silentCheck = expect(silent).rejects.toMatchObject({ code: 'unsupported' });
    await settle(3_000);
    await silentCheck;
  });

  it('rejects pending queries with `transport-closed` when the peer is removed, and only once', async () => {
    const [ta] = createMemoryTransportPair();
    const alice = new CallManager({ createPeerConnection: createFakePeerConnection });
    alice.addPeer('bob', ta);
    const queries = [alice.queryCapabilities('bob'), alice.queryCapabilities('bob')];
    const checks = queries.map((query) => expect(query).rejects.toMatchObject({ code: 'transport-closed' }));
    alice.removePeer('bob');
    await Promise.all(checks);
    await settle(10_000); // the timeouts were cleared: nothing settles twice or throws
  });
});

describe('hostile input', () => {
  it('malformed signals raise signal-error, never throw, and leave calls alone', async () => {
    const { out, inc, bob, tb } = await connected();
    const errors: ParleyError[] = [];
    bob.on('signal-error', ({ error }) => errors.push(error));
    const garbage = [
      '',
      'HANGUP',
      `HANGUP ${inc.id} bogus`,
      'INVITE x',
      '\u0001WEBRTC\u0001',
      'SDP a b c d',
      '~abcd 2/1 x',
    ];
    for (const text of garbage) tb.deliver(text);
    await settle();
    expect(errors.length).toBe(garbage.length);
    expect(errors.every((e) => e instanceof ParleyError)).toBe(true);
    expect(inc.state).toBe('connected');
    expect(out.state).toBe('connected');
  });

  it('signals for unknown calls, or from another peer, are ignored', async () => {
    const { inc, bob, tb } = await connected();
    tb.deliver('HANGUP AAAAAAAAAAAA hangup');
    const [, other] = createMemoryTransportPair();
    bob.addPeer('mallory', other, { sdpEncoding: 't' });
    other.deliver(`HANGUP ${inc.id} hangup`);
    await settle();
    expect(inc.state).toBe('connected');
  });
});
