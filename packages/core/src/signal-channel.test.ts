import { afterEach, describe, it, expect, vi } from 'vitest';
import { splitMessage } from './chunking.js';
import { ParleyError } from './errors.js';
import { createMemoryTransportPair } from './memory-transport.js';
import type { Signal } from './signal.js';
import { SignalChannel } from './signal-channel.js';
import { encodeSignal } from './signal-codec.js';
import type { SignalTransport } from './transport.js';

const ID = 'Ch4nnel_Test';

/** An audio offer with many candidates, so that it is large even deflated. */
const SDP =
  'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n' +
  'a=extmap-allow-mixed\r\na=msid-semantic: WMS 3f5c1a7e-2b7d-4c1e-9a0b-5d6e7f8a9b0c\r\n' +
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n' +
  Array.from(
    { length: 12 },
    (_, i) =>
      `a=candidate:${1467250027 + i * 7919} 1 udp ${2122260223 - i * 256} 10.${i}.${i * 3}.${i * 7 + 1} ${50000 + i * 37} typ host generation 0 network-id ${i}\r\n`,
  ).join('') +
  'a=ice-ufrag:Xq3b\r\na=ice-pwd:Jz8Kx1pQ7vN2mR5tY9wB4cD6\r\na=ice-options:trickle\r\n' +
  'a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08\r\n' +
  'a=setup:actpass\r\na=mid:0\r\na=sendrecv\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n' +
  'a=fmtp:111 minptime=10;useinbandfec=1\r\na=ssrc:1234567890 cname:4TOk42mSjXCkVIa6\r\n';

const sdpSignal: Signal = { type: 'sdp', callId: ID, kind: 'offer', sdp: SDP };
const ice = (n: number): Signal => ({
  type: 'ice',
  callId: ID,
  candidates: [{ mid: '0', candidate: `candidate:${n} 1 udp 2122260223 192.168.0.${n} ${40000 + n} typ host` }],
});

const utf8 = new TextEncoder();
const channels: SignalChannel[] = [];

function pair(options: Parameters<typeof createMemoryTransportPair>[0] = {}, channelOptions = {}) {
  const [a, b] = createMemoryTransportPair(options);
  const alice = new SignalChannel(a, channelOptions);
  const bob = new SignalChannel(b, channelOptions);
  channels.push(alice, bob);
  const received: Signal[] = [];
  const errors: ParleyError[] = [];
  bob.onSignal((signal) => received.push(signal));
  bob.onError((error) => errors.push(error));
  return { a, b, alice, bob, received, errors };
}

afterEach(() => {
  for (const channel of channels.splice(0)) channel.close();
  vi.useRealTimers();
});

describe('SignalChannel', () => {
  it('delivers signals decoded and in order, an SDP followed at once by ICE', async () => {
    const { a, alice, received, errors } = pair();
    const sent: Signal[] = [sdpSignal, ice(1), ice(2), ice(3), { type: 'ice-end', callId: ID }];
    const sends = sent.map((signal) => alice.send(signal));
    await Promise.all(sends);
    await vi.waitFor(() => expect(received).toHaveLength(sent.length));
    expect(received).toEqual(sent);
    expect(errors).toEqual([]);
    expect(a.sent).toHaveLength(5);
    expect(a.sent[0]).toMatch(new RegExp(`^SDP ${ID} o [cz] `));
    expect(a.sent[1]).toBe(`ICE ${ID} 0 candidate:1 1 udp 2122260223 192.168.0.1 40001 typ host`);
  });

  it('keeps arrival order although decoding an SDP is slower than an ICE', async () => {
    const { b, received } = pair();
    const sdpText = await encodeSignal(sdpSignal);
    const iceTexts = await Promise.all([ice(1), ice(2)].map((s) => encodeSignal(s)));
    b.deliver(sdpText);
    for (const text of iceTexts) b.deliver(text);
    b.deliver(`HANGUP ${ID} hangup`);
    await vi.waitFor(() => expect(received).toHaveLength(4));
    expect(received.map((s) => s.type)).toEqual(['sdp', 'ice', 'ice', 'hangup']);
    expect(received[0]).toEqual(sdpSignal);
  });

  it('uses the t encoding when asked', async () => {
    const { a, alice, received } = pair({}, { sdpEncoding: 't' });
    await alice.send(sdpSignal);
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(a.sent[0]).toMatch(new RegExp(`^SDP ${ID} o t "v=0\\\\r\\\\n`));
    expect(received).toEqual([sdpSignal]);
  });

  it('chunks a large SDP to maxMessageBytes and reassembles it', async () => {
    for (const sdpEncoding of ['z', 't'] as const) {
      const { a, alice, received, errors } = pair({ maxMessageBytes: 120 }, { sdpEncoding });
      await alice.send(sdpSignal);
      await alice.send({ type: 'accept', callId: ID });
      await vi.waitFor(() => expect(received).toHaveLength(2));
      expect(received).toEqual([sdpSignal, { type: 'accept', callId: ID }]);
      expect(errors).toEqual([]);
      const chunks = a.sent.slice(0, -1);
      expect(chunks.length).toBeGreaterThan(sdpEncoding === 't' ? 15 : 5);
      for (const text of a.sent) expect(utf8.encode(text).length).toBeLessThanOrEqual(120);
      for (const text of chunks) expect(text).toMatch(/^~[A-Za-z0-9_-]+ \d+\/\d+ /);
      // Short signals go whole.
      expect(a.sent.at(-1)).toBe(`ACCEPT ${ID}`);
    }
  });

  it('reassembles chunks that arrive out of order', async () => {
    const { a, alice } = pair({ maxMessageBytes: 120 });
    await alice.send(sdpSignal);
    const chunks = [...a.sent];
    expect(chunks.length).toBeGreaterThan(3);
    // Feed alice's chunks to a fresh channel, last first.
    const { b: d, received } = pair();
    for (const text of chunks.reverse()) d.deliver(text);
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(received).toEqual([sdpSignal]);
  });

  it('reports garbage as a ParleyError, and later good signals still arrive', async () => {
    const { b, alice, received, errors } = pair();
    b.deliver('garbage');
    b.deliver('ACCEPT');
    b.deliver('~abcd 0/1 x');
    b.deliver('x'.repeat(70_000));
    b.deliver(`SDP ${ID} o z !!!!`);
    b.deliver(`CAPS? \u0000`);
    await alice.send({ type: 'accept', callId: ID });
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(received).toEqual([{ type: 'accept', callId: ID }]);
    expect(errors.every((e) => e instanceof ParleyError)).toBe(true);
    expect(errors.map((e) => e.code)).toEqual([
      'malformed-signal', // the chunk header is checked synchronously, before the queued decodes
      'unknown-signal',
      'malformed-signal',
      'signal-too-long',
      'bad-encoding',
      'malformed-signal',
    ]);
  });

  it('lets control signals overtake queued bulk ones under a send rate', async () => {
    vi.useFakeTimers();
    const { a, alice, bob, received } = pair({ rate: { burst: 2, perSecond: 50 } });
    await Promise.all([ice(1), ice(2), ice(3), ice(4)].map((s) => alice.send(s)));
    await alice.send({ type: 'hangup', callId: ID, reason: 'hangup' });
    await vi.advanceTimersByTimeAsync(0);
    expect(a.sent.map((t) => t.split(' ')[0])).toEqual(['ICE', 'ICE']);
    expect(alice.queued).toBe(3);
    await vi.advanceTimersByTimeAsync(20);
    expect(a.sent.at(-1)).toBe(`HANGUP ${ID} hangup`);
    await vi.advanceTimersByTimeAsync(100);
    expect(alice.queued).toBe(0);
    expect(received).toEqual([ice(1), ice(2), { type: 'hangup', callId: ID, reason: 'hangup' }, ice(3), ice(4)]);
    expect(bob.queued).toBe(0);
  });

  it('paces chunks of one message like any bulk message', async () => {
    vi.useFakeTimers();
    const { a, alice, received } = pair({ maxMessageBytes: 120, rate: { burst: 2, perSecond: 50 } });
    await alice.send(sdpSignal);
    await vi.advanceTimersByTimeAsync(0);
    expect(a.sent).toHaveLength(2);
    const total = alice.queued + 2;
    await vi.advanceTimersByTimeAsync(20 * total);
    expect(a.sent).toHaveLength(total);
    await vi.waitFor(() => expect(received).toEqual([sdpSignal]));
  });

  it('drops a chunked message whose next chunk comes after chunkTimeoutMs', async () => {
    vi.useFakeTimers();
    const { b, received } = pair({}, { chunkTimeoutMs: 1000 });
    const chunks = splitMessage(await encodeSignal(sdpSignal), 100);
    expect(chunks.length).toBeGreaterThan(2);
    b.deliver(chunks[0] ?? '');
    await vi.advanceTimersByTimeAsync(1500);
    for (const chunk of chunks.slice(1)) b.deliver(chunk);
    await vi.advanceTimersByTimeAsync(10);
    expect(received).toEqual([]);
    for (const chunk of chunks) b.deliver(chunk);
    await vi.waitFor(() => expect(received).toEqual([sdpSignal]));
  });

  it('reports a transport disconnect through onClose', () => {
    const { a, b, alice, bob } = pair();
    const aliceCloses: string[] = [];
    const bobCloses: string[] = [];
    alice.onClose((reason) => aliceCloses.push(reason));
    bob.onClose((reason) => bobCloses.push(reason));
    a.disconnect('quit: bye');
    b.disconnect();
    expect(aliceCloses).toEqual(['quit: bye']);
    expect(bobCloses).toEqual(['peer left']);
  });

  it('reports a failing transport send as transport-closed', async () => {
    const cause = new Error('socket gone');
    const transport: SignalTransport = {
      maxMessageBytes: Infinity,
      send: () => Promise.reject(cause),
      onMessage: () => () => undefined,
    };
    const channel = new SignalChannel(transport);
    channels.push(channel);
    const errors: ParleyError[] = [];
    channel.onError((error) => errors.push(error));
    await channel.send({ type: 'caps-query' });
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(errors[0]).toBeInstanceOf(ParleyError);
    expect(errors[0]?.code).toBe('transport-closed');
    expect(errors[0]?.cause).toBe(cause);
  });

  it('after close(): send rejects, nothing more is emitted, handlers are unsubscribed', async () => {
    const { a, b, alice, bob, received } = pair();
    const closes: string[] = [];
    bob.onClose((reason) => closes.push(reason));
    bob.close();
    await alice.send({ type: 'caps-query' });
    b.deliver('CAPS?');
    b.disconnect('gone');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received).toEqual([]);
    expect(closes).toEqual([]);
    expect(a.sent).toEqual(['CAPS?']);
    const error: unknown = await bob.send({ type: 'caps-query' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParleyError);
    expect((error as ParleyError).code).toBe('transport-closed');
  });
});
