/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { describe, it, expect, vi } from 'vitest';
import { semantics } from './compact-sdp/sdp-semantics.test-util.js';
import { toBase64Url } from './base64url.js';
import { deflateRaw } from './deflate.js';
import { ParleyError, type Result } from './errors.js';
import { decodeBundle, encodeBundle, ManualExchange } from './manual-exchange.js';
import type { Signal } from './signal.js';
import { SignalChannel } from './signal-channel.js';
import { decodeSignal, encodeSignal } from './signal-codec.js';

const ID = 'Q9x_a-12bcDE';
const SDP =
  'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n' +
  'm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n' +
  'a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\r\na=ice-ufrag:Xq3b\r\na=ice-pwd:Jz8Kx1pQ7vN2mR5tY9wB4cD6\r\n' +
  'a=setup:actpass\r\na=mid:0\r\na=sendrecv\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n';

async function messages(): Promise<string[]> {
  return [
    'CAPS PARLEY/1 VOICE',
    `INVITE ${ID} a 300`,
    await encodeSignal({ type: 'sdp', callId: ID, kind: 'offer', sdp: SDP }),
  ];
}

/** The signals of a decoded bundle: its SDPs come back as compactSdp (`c`) texts, equal in meaning. */
async function signalsOf(result: Result<string[]>): Promise<Array<Result<Signal>> | false> {
  return result.ok && Promise.all(result.value.map((line) => decodeSignal(line)));
}

const signalsOfList = (list: string[]): Promise<Array<Result<Signal>> | false> => signalsOf({ ok: true, value: list });

/** LEB128, as bundles write lengths. */
const varint = (n: number): number[] => (n < 128 ? [n] : [(n & 127) | 128, ...varint(n >> 7)]);

function expectBadEncoding(result: Result<string[]>): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error).toBeInstanceOf(ParleyError);
  expect(result.error.code).toBe('bad-encoding');
}

/** Wraps `text` as a person or a mail client might: lines, indents, CRLF, tabs. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return '  \n' + lines.join(' \r\n\t') + '\n\n ';
}

describe('encodeBundle / decodeBundle', () => {
  it('round-trips a list of signal texts', async () => {
    const list = await messages();
    const bundle = await encodeBundle(list);
    expect(bundle).toMatch(/^P2[A-Za-z0-9_-]+$/);
    const decoded = await decodeBundle(bundle);
    expect(decoded.ok && decoded.value.slice(0, 2)).toEqual(list.slice(0, 2));
    expect(decoded.ok && decoded.value[2]).toMatch(new RegExp(`^SDP ${ID} o c [A-Za-z0-9_-]+$`));
    expect(await signalsOf(decoded)).toEqual(await signalsOfList(list));
  });

  it('round-trips one message and the empty list', async () => {
    expect(await decodeBundle(await encodeBundle(['CAPS?']))).toEqual({ ok: true, value: ['CAPS?'] });
    expect(await decodeBundle(await encodeBundle([]))).toEqual({ ok: true, value: [] });
  });

  it('drops empty lines', async () => {
    expect(await decodeBundle(await encodeBundle(['a', '', 'b', '']))).toEqual({ ok: true, value: ['a', 'b'] });
  });

  it('tolerates whitespace and newlines inserted anywhere', async () => {
    const list = await messages();
    const bundle = await encodeBundle(list);
    const decoded = await decodeBundle(bundle);
    for (const width of [1, 7, 20, 64, 76]) {
      expect(await decodeBundle(wrap(bundle, width))).toEqual(decoded);
    }
    // Between the two prefix characters, too.
    expect(await decodeBundle(`P \n2${bundle.slice(2)}`)).toEqual(decoded);
  });

  it('rejects a wrong prefix with bad-encoding', async () => {
    const bundle = await encodeBundle(await messages());
    expectBadEncoding(await decodeBundle('P1' + bundle.slice(2)));
    expectBadEncoding(await decodeBundle('p2' + bundle.slice(2)));
    expectBadEncoding(await decodeBundle(bundle.slice(2)));
    expectBadEncoding(await decodeBundle('X' + bundle));
    expectBadEncoding(await decodeBundle(''));
    expectBadEncoding(await decodeBundle('   \n  '));
    const result = await decodeBundle('hello');
    expect(!result.ok && result.error.message).toContain('P2');
  });

  it('every truncation is bad-encoding, or the signals before the SDP (which comes last, so is never cut short)', async () => {
    const list = await messages();
    const bundle = await encodeBundle(list);
    expect(bundle.length).toBeGreaterThan(100);
    for (let length = 0; length < bundle.length; length++) {
      const result = await decodeBundle(bundle.slice(0, length));
      if (result.ok) expect(list.slice(0, result.value.length)).toEqual(result.value);
      else expectBadEncoding(result);
      expect(result.ok && result.value.length, `truncated to ${length} of ${bundle.length}`).not.toBe(3);
    }
  });

  it('rejects garbage with bad-encoding', async () => {
    const garbage = [
      'P1',
      `P1${toBase64Url(Uint8Array.from([0, 5, ...new TextEncoder().encode('CAPS?')]))}`,
      'P2!!!!',
      'P2Zm9v+/==',
      'P2AAAAA',
      'P2é',
      `P2${toBase64Url(new Uint8Array(48).fill(0xff))}`,
      `P2${toBase64Url(new TextEncoder().encode('CAPS?\nACCEPT abcd'))}`,
    ];
    for (const text of garbage) expectBadEncoding(await decodeBundle(text));
  });

  it('rejects text and SDP records that are not UTF-8', async () => {
    expectBadEncoding(await decodeBundle('P2' + toBase64Url(Uint8Array.from([0, 5, 0x43, 0x41, 0xff, 0xfe, 0x0a]))));
    const deflated = await deflateRaw(new Uint8Array([0x76, 0x3d, 0x30, 0xff, 0xfe, 0x0a]));
    const sdp = [5 << 2, ...deflated]; // compactSdp version 5: deflate
    const record = [1, 4, ...new TextEncoder().encode('abcd'), 0, ...varint(sdp.length), ...sdp];
    expectBadEncoding(await decodeBundle('P2' + toBase64Url(Uint8Array.from(record))));
  });

  it('rejects an SDP record that inflates past MAX_SDP_BYTES', async () => {
    const record = async (length: number): Promise<string> => {
      const sdp = [5 << 2, ...(await deflateRaw(new TextEncoder().encode(`v=0\n${'x'.repeat(length - 4)}`)))];
      return (
        'P2' +
        toBase64Url(Uint8Array.from([1, ID.length, ...new TextEncoder().encode(ID), 0, ...varint(sdp.length), ...sdp]))
      );
    };
    expectBadEncoding(await decodeBundle(await record(128 * 1024 + 1)));
    const [fits] = (await signalsOf(await decodeBundle(await record(128 * 1024)))) || [];
    expect(fits?.ok && fits.value.type === 'sdp' && fits.value.sdp.length).toBe(128 * 1024);
  });
});

describe('ManualExchange', () => {
  it('is unbounded and unpaced', () => {
    const exchange = new ManualExchange();
    expect(exchange.maxMessageBytes).toBe(Infinity);
    expect(exchange.rate).toBeUndefined();
  });

  it('bundles everything sent up to and including the SDP, and the peer receives it in order', async () => {
    const list = await messages();
    const alice = new ManualExchange();
    const bob = new ManualExchange();
    let resolved: string | undefined;
    const next = alice.nextBundle().then((bundle) => (resolved = bundle));
    alice.send(list[0] ?? '');
    alice.send(list[1] ?? '');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(resolved).toBeUndefined(); // no SDP yet: no bundle
    alice.send(list[2] ?? '');
    const bundle = await next;
    expect(await signalsOf(await decodeBundle(bundle))).toEqual(await signalsOfList(list));

    const received: string[] = [];
    bob.onMessage((text) => received.push(text));
    await bob.receive(bundle);
    expect(await signalsOfList(received)).toEqual(await signalsOfList(list));
  });

  it('keeps a bundle made before nextBundle() is called', async () => {
    const alice = new ManualExchange();
    alice.send('CAPS?');
    alice.send(`SDP ${ID} o t "v=0"`);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const bundle = await alice.nextBundle();
    expect(await signalsOf(await decodeBundle(bundle))).toEqual(await signalsOfList(['CAPS?', `SDP ${ID} o t "v=0"`]));
  });

  it('starts a new bundle after each SDP', async () => {
    const alice = new ManualExchange();
    alice.send('CAPS?');
    alice.send(`SDP ${ID} o t "v=0"`);
    alice.send(`ACCEPT ${ID}`);
    alice.send(`SDP ${ID} a t "v=0"`);
    const first = await alice.nextBundle();
    const second = await alice.nextBundle();
    expect(await signalsOf(await decodeBundle(first))).toEqual(await signalsOfList(['CAPS?', `SDP ${ID} o t "v=0"`]));
    expect(await signalsOf(await decodeBundle(second))).toEqual(
      await signalsOfList([`ACCEPT ${ID}`, `SDP ${ID} a t "v=0"`]),
    );
  });

  it('does not close a bundle on a message that merely contains SDP', async () => {
    const alice = new ManualExchange();
    let resolved = false;
    void alice.nextBundle().then(() => (resolved = true));
    alice.send('ERROR malformed - SDP missing');
    alice.send('SDPX foo');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(resolved).toBe(false);
  });

  it('stops emitting to a handler after unsubscribing', async () => {
    const bob = new ManualExchange();
    const received: string[] = [];
    const off = bob.onMessage((text) => received.push(text));
    await bob.receive(await encodeBundle(['CAPS?']));
    off();
    await bob.receive(await encodeBundle(['CAPS?']));
    expect(received).toEqual(['CAPS?']);
  });

  it('rejects garbage in receive() with a ParleyError and emits nothing', async () => {
    const bob = new ManualExchange();
    const received: string[] = [];
    bob.onMessage((text) => received.push(text));
    for (const text of ['garbage', 'P2!!!', 'P1AAAA', '']) {
      const error: unknown = await bob.receive(text).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, text).toBeInstanceOf(ParleyError);
      expect((error as ParleyError).code).toBe('bad-encoding');
    }
    expect(received).toEqual([]);
  });

  it('carries a SignalChannel conversation (non-trickle)', async () => {
    const aliceX = new ManualExchange();
    const bobX = new ManualExchange();
    const alice = new SignalChannel(aliceX);
    const bob = new SignalChannel(bobX);
    const got: Signal[] = [];
    bob.onSignal((signal) => got.push(signal));
    const sent: Signal[] = [
      { type: 'caps', caps: ['PARLEY/1'] },
      { type: 'invite', callId: ID, media: ['audio'], lifetimeMs: 120_000 },
      { type: 'sdp', callId: ID, kind: 'offer', sdp: SDP },
    ];
    for (const signal of sent) void alice.send(signal);
    const bundle = await aliceX.nextBundle();
    await bobX.receive(bundle);
    await vi.waitFor(() => expect(got).toHaveLength(3));
    expect(got).toEqual(sent);
    alice.close();
    bob.close();
  });
});

describe('bundles of a real offer', () => {
  const chromiumOffer = readFileSync(
    new URL('./compact-sdp/samples/chromium156-dc-offer-srflx.sdp', import.meta.url),
    'utf8',
  );
  const list = async (): Promise<string[]> => [
    'CAPS PARLEY/1 VOICE',
    `INVITE ${ID} d 300`,
    await encodeSignal({ type: 'sdp', callId: ID, kind: 'offer', sdp: chromiumOffer }, { sdpEncoding: 't' }),
  ];

  it('carry the signals, the SDP as compactSdp, in a fraction of their text', async () => {
    const messages = await list();
    const bundle = await encodeBundle(messages);
    expect(bundle).toMatch(/^P2[A-Za-z0-9_-]+$/);
    // The SDP shrinks about sevenfold; the other signals stay text.
    expect(bundle.length).toBeLessThan(messages.join('\n').length * 0.25);
    expect(bundle.length - (await encodeBundle(messages.slice(0, 2))).length).toBeLessThanOrEqual(106);
    const decoded = await decodeBundle(bundle);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value.slice(0, 2)).toEqual(messages.slice(0, 2));
    expect(decoded.value[2]).toMatch(new RegExp(`^SDP ${ID} o c [A-Za-z0-9_-]+$`));
    const signal = await decodeSignal(decoded.value[2]);
    expect(signal.ok && signal.value.type === 'sdp' && semantics(signal.value.sdp)).toEqual(semantics(chromiumOffer));
  });

  it('a ManualExchange sends them, and another receives them through line wrapping', async () => {
    const messages = await list();
    const alice = new ManualExchange();
    const bob = new ManualExchange();
    const next = alice.nextBundle();
    for (const m of messages) alice.send(m);
    const bundle = await next;
    expect(bundle.startsWith('P2')).toBe(true);
    const received: string[] = [];
    bob.onMessage((text) => received.push(text));
    await bob.receive(wrap(bundle, 20));
    expect(received).toHaveLength(3);
    expect(received.slice(0, 2)).toEqual(messages.slice(0, 2));
  });

  it('damaged or truncated bundles are bad-encoding, never a throw', async () => {
    const bundle = await encodeBundle(await list());
    for (let n = 2; n < bundle.length; n += 3) {
      const result = await decodeBundle(bundle.slice(0, n));
      if (result.ok) expect(Array.isArray(result.value)).toBe(true);
      else expect(result.error.code).toBe('bad-encoding');
    }
    expectBadEncoding(await decodeBundle('P2!!!!'));
    expectBadEncoding(await decodeBundle(`P2${toBase64Url(Uint8Array.from([7, 1, 2]))}`));
    expectBadEncoding(await decodeBundle(`P2${toBase64Url(Uint8Array.from([1, 2, 65, 66, 0, 3, 1, 2, 3]))}`));
  });
});
