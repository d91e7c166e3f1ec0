import { describe, it, expect } from 'vitest';
import { mulberry32 } from './prng.test-util.js';
import { toBase64Url } from './base64url.js';
import { END_REASONS } from './call-state.js';
import { deflateRaw } from './deflate.js';
import { compactSdp } from './compact-sdp/index.js';
import { ParleyError, type ParleyErrorCode, type Result } from './errors.js';
import type { Signal } from './signal.js';
import {
  decodeSignal,
  encodeSignal,
  MAX_BATCH_CANDIDATES,
  MAX_SDP_BYTES,
  MAX_SIGNAL_LENGTH,
  type EncodeOptions,
} from './signal-codec.js';

const ID = 'Xy3_k-9QzT2a';

/** A Chromium-like audio-only offer (~1.5 KB). */
const CHROMIUM_AUDIO_SDP =
  'v=0\r\n' +
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n' +
  's=-\r\n' +
  't=0 0\r\n' +
  'a=group:BUNDLE 0\r\n' +
  'a=extmap-allow-mixed\r\n' +
  'a=msid-semantic: WMS 3f5c1a7e-2b7d-4c1e-9a0b-5d6e7f8a9b0c\r\n' +
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\n' +
  'c=IN IP4 0.0.0.0\r\n' +
  'a=rtcp:9 IN IP4 0.0.0.0\r\n' +
  'a=candidate:1467250027 1 udp 2122260223 192.168.1.23 51234 typ host generation 0 network-id 1\r\n' +
  'a=candidate:842163049 1 udp 1686052607 203.0.113.7 51234 typ srflx raddr 192.168.1.23 rport 51234 generation 0 network-id 1\r\n' +
  'a=ice-ufrag:Xq3b\r\n' +
  'a=ice-pwd:Jz8Kx1pQ7vN2mR5tY9wB4cD6\r\n' +
  'a=ice-options:trickle\r\n' +
  'a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08\r\n' +
  'a=setup:actpass\r\n' +
  'a=mid:0\r\n' +
  'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n' +
  'a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n' +
  'a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n' +
  'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n' +
  'a=sendrecv\r\n' +
  'a=msid:3f5c1a7e-2b7d-4c1e-9a0b-5d6e7f8a9b0c 9e1d2c3b-4a5f-6e7d-8c9b-0a1b2c3d4e5f\r\n' +
  'a=rtcp-mux\r\n' +
  'a=rtcp-rsize\r\n' +
  'a=rtpmap:111 opus/48000/2\r\n' +
  'a=rtcp-fb:111 transport-cc\r\n' +
  'a=fmtp:111 minptime=10;useinbandfec=1\r\n' +
  'a=rtpmap:63 red/48000/2\r\n' +
  'a=fmtp:63 111/111\r\n' +
  'a=rtpmap:9 G722/8000\r\n' +
  'a=rtpmap:0 PCMU/8000\r\n' +
  'a=rtpmap:8 PCMA/8000\r\n' +
  'a=rtpmap:13 CN/8000\r\n' +
  'a=rtpmap:110 telephone-event/48000\r\n' +
  'a=rtpmap:126 telephone-event/8000\r\n' +
  'a=ssrc:1234567890 cname:4TOk42mSjXCkVIa6\r\n' +
  'a=ssrc:1234567890 msid:3f5c1a7e-2b7d-4c1e-9a0b-5d6e7f8a9b0c 9e1d2c3b-4a5f-6e7d-8c9b-0a1b2c3d4e5f\r\n';

const HOST_CANDIDATE = 'candidate:1467250027 1 udp 2122260223 192.168.1.23 51234 typ host generation 0 network-id 1';
const SRFLX_CANDIDATE =
  'candidate:842163049 1 udp 1686052607 203.0.113.7 51234 typ srflx raddr 192.168.1.23 rport 51234 generation 0';

/** One or more examples of every Signal variant. */
const SAMPLES: Signal[] = [
  { type: 'caps-query' },
  { type: 'caps', caps: ['VOICE', 'VIDEO', 'FILE', 'CHAT', 'PARLEY/1'] },
  { type: 'caps', caps: [] },
  { type: 'invite', callId: ID, media: ['audio'], lifetimeMs: 60_000 },
  { type: 'invite', callId: ID, media: ['audio', 'video', 'data'], lifetimeMs: 1000 },
  { type: 'invite', callId: 'abcd', media: ['data'], lifetimeMs: 3_600_000 },
  { type: 'accept', callId: ID },
  { type: 'decline', callId: ID },
  { type: 'busy', callId: ID },
  ...END_REASONS.map((reason): Signal => ({ type: 'hangup', callId: ID, reason })),
  { type: 'sdp', callId: ID, kind: 'offer', sdp: CHROMIUM_AUDIO_SDP },
  { type: 'sdp', callId: ID, kind: 'answer', sdp: CHROMIUM_AUDIO_SDP.replace('a=setup:actpass', 'a=setup:active') },
  { type: 'sdp', callId: ID, kind: 'offer', sdp: 'v=0\r\n' },
  { type: 'ice', callId: ID, candidates: [{ mid: '0', candidate: HOST_CANDIDATE }] },
  {
    type: 'ice',
    callId: ID,
    candidates: [
      { mid: '0', candidate: HOST_CANDIDATE },
      { mid: 'audio', candidate: SRFLX_CANDIDATE },
      { mid: '1', candidate: 'candidate:3 1 tcp 1518280447 10.0.0.2 9 typ host tcptype active' },
    ],
  },
  { type: 'ice-end', callId: ID },
  { type: 'media', callId: ID, state: { micMuted: false, cameraOff: false, screenSharing: false } },
  { type: 'media', callId: ID, state: { micMuted: true, cameraOff: true, screenSharing: true } },
  { type: 'media', callId: ID, state: { micMuted: true, cameraOff: false, screenSharing: true } },
  { type: 'error', code: 'unsupported' },
  { type: 'error', code: 'malformed', text: 'could not parse INVITE' },
  { type: 'error', code: 'unknown-call', callId: ID },
  { type: 'error', code: 'rejected', callId: ID, text: 'no  thanks ' },
];

const ENCODINGS: EncodeOptions[] = [{}, { sdpEncoding: 't' }, { sdpEncoding: 'c' }];

function show(input: unknown): string {
  try {
    return (JSON.stringify(input) ?? String(input)).slice(0, 120);
  } catch {
    return typeof input;
  }
}

async function expectOk(text: unknown): Promise<Signal> {
  const result = await decodeSignal(text);
  if (!result.ok) throw new Error(`expected ok for ${show(text)}: ${result.error.message}`);
  return result.value;
}

async function expectFail(text: unknown, code: ParleyErrorCode): Promise<ParleyError> {
  const result = await decodeSignal(text);
  expect(result.ok, `expected ${code} for ${show(text)}`).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.error).toBeInstanceOf(ParleyError);
  expect(result.error.name).toBe('ParleyError');
  expect(result.error.code, `code for ${show(text)}`).toBe(code);
  expect(typeof result.error.message).toBe('string');
  return result.error;
}

/** A compactSdp offer of version 5: deflate-raw of `bytes`. */
async function deflatedOffer(bytes: Uint8Array): Promise<string> {
  return toBase64Url(Uint8Array.from([5 << 2, ...(await deflateRaw(bytes))]));
}

/** Deflates with the platform CompressionStream directly (independent of the module's helper). */
async function compressionStreamDeflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('encodeSignal / decodeSignal round trip', () => {
  for (const options of ENCODINGS) {
    const label = options.sdpEncoding ?? 'default';
    it(`round-trips every Signal variant (sdpEncoding ${label})`, async () => {
      const seen = new Set<string>();
      for (const signal of SAMPLES) {
        const text = await encodeSignal(signal, options);
        expect(text.length).toBeLessThanOrEqual(MAX_SIGNAL_LENGTH);
        expect(text).toMatch(/^[\x20-\x7e]+$/);
        expect(await expectOk(text)).toStrictEqual(signal);
        seen.add(signal.type);
      }
      // Every variant of the union is covered.
      expect([...seen].sort()).toEqual(
        [
          'accept',
          'busy',
          'caps',
          'caps-query',
          'decline',
          'error',
          'hangup',
          'ice',
          'ice-end',
          'invite',
          'media',
          'sdp',
        ].sort(),
      );
    });
  }

  it('round-trips every end reason of HANGUP', async () => {
    expect(END_REASONS.length).toBeGreaterThan(5);
    for (const reason of END_REASONS) {
      const text = await encodeSignal({ type: 'hangup', callId: ID, reason });
      expect(text).toBe(`HANGUP ${ID} ${reason}`);
      expect(await expectOk(text)).toEqual({ type: 'hangup', callId: ID, reason });
    }
  });

  it('round-trips SDPs with non-ASCII and control characters in both encodings', async () => {
    const sdp = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=Café Ω 😀\r\ni=tab\there, del\x7f, nul\x00\r\nt=0 0\r\n';
    for (const options of ENCODINGS) {
      const signal: Signal = { type: 'sdp', callId: ID, kind: 'answer', sdp };
      const text = await encodeSignal(signal, options);
      expect(text).toMatch(/^[\x20-\x7e]+$/);
      expect(await expectOk(text)).toStrictEqual(signal);
    }
  });

  it('accepts an SDP up to MAX_SDP_BYTES', async () => {
    const sdp = 'v=0\r\n' + 'a=x\r\n'.repeat(Math.floor((MAX_SDP_BYTES - 5) / 5));
    expect(sdp.length).toBeLessThanOrEqual(MAX_SDP_BYTES);
    const text = await encodeSignal({ type: 'sdp', callId: ID, kind: 'offer', sdp });
    expect(text.length).toBeLessThan(MAX_SIGNAL_LENGTH);
    const decoded = await expectOk(text);
    expect(decoded.type === 'sdp' && decoded.sdp.length).toBe(sdp.length);
  });
});

describe('wire text', () => {
  it('writes the documented text for simple signals', async () => {
    expect(await encodeSignal({ type: 'caps-query' })).toBe('CAPS?');
    expect(await encodeSignal({ type: 'caps', caps: ['VOICE', 'VIDEO', 'FILE', 'PARLEY/1'] })).toBe(
      'CAPS VOICE VIDEO FILE PARLEY/1',
    );
    expect(await encodeSignal({ type: 'invite', callId: ID, media: ['audio', 'video'], lifetimeMs: 60_000 })).toBe(
      `INVITE ${ID} av 60`,
    );
    expect(await encodeSignal({ type: 'invite', callId: ID, media: ['data'], lifetimeMs: 29_600 })).toBe(
      `INVITE ${ID} d 30`,
    );
    expect(await encodeSignal({ type: 'accept', callId: ID })).toBe(`ACCEPT ${ID}`);
    expect(await encodeSignal({ type: 'decline', callId: ID })).toBe(`DECLINE ${ID}`);
    expect(await encodeSignal({ type: 'busy', callId: ID })).toBe(`BUSY ${ID}`);
    expect(await encodeSignal({ type: 'hangup', callId: ID, reason: 'busy' })).toBe(`HANGUP ${ID} busy`);
    expect(await encodeSignal({ type: 'ice-end', callId: ID })).toBe(`ICE-END ${ID}`);
    expect(
      await encodeSignal({
        type: 'media',
        callId: ID,
        state: { micMuted: true, cameraOff: false, screenSharing: false },
      }),
    ).toBe(`MEDIA ${ID} mic:off cam:on screen:off`);
    expect(await encodeSignal({ type: 'error', code: 'unsupported', text: 'text' })).toBe('ERROR unsupported - text');
    expect(await encodeSignal({ type: 'error', code: 'unknown-call', callId: ID })).toBe(`ERROR unknown-call ${ID}`);
    expect(await encodeSignal({ type: 'error', code: 'malformed', callId: ID, text: 'bad INVITE' })).toBe(
      `ERROR malformed ${ID} bad INVITE`,
    );
  });

  it('writes ICE batches as `<mid> <candidate>` joined by |', async () => {
    const text = await encodeSignal({
      type: 'ice',
      callId: ID,
      candidates: [
        { mid: '0', candidate: HOST_CANDIDATE },
        { mid: '1', candidate: SRFLX_CANDIDATE },
      ],
    });
    expect(text).toBe(`ICE ${ID} 0 ${HOST_CANDIDATE}|1 ${SRFLX_CANDIDATE}`);
  });

  it('writes t-encoded SDPs as a JSON string', async () => {
    const text = await encodeSignal(
      { type: 'sdp', callId: ID, kind: 'answer', sdp: 'v=0\r\ns=-\r\n' },
      { sdpEncoding: 't' },
    );
    expect(text).toBe(`SDP ${ID} a t "v=0\\r\\ns=-\\r\\n"`);
  });

  it('writes c-encoded SDPs (compactSdp, exact) by default, and reads them back byte for byte', async () => {
    const signal: Signal = { type: 'sdp', callId: ID, kind: 'offer', sdp: CHROMIUM_AUDIO_SDP };
    const text = await encodeSignal(signal);
    const match = /^SDP (\S+) o c ([A-Za-z0-9_-]+)$/.exec(text);
    expect(match?.[1]).toBe(ID);
    // Several times shorter than deflate.
    expect(text.length * 3).toBeLessThan((await deflatedOffer(new TextEncoder().encode(CHROMIUM_AUDIO_SDP))).length);
    expect(await compactSdp.decode(match?.[2] ?? '')).toEqual({
      ok: true,
      value: { type: 'offer', sdp: CHROMIUM_AUDIO_SDP },
    });
    expect(await expectOk(text)).toStrictEqual(signal);
  });

  it('writes an SDP the compact format does not know as deflate (c, version 5), no longer than deflate + 1 byte', async () => {
    // Random text: neither compresses.
    const random = mulberry32(7);
    const sdp = `v=0\r\n${Array.from({ length: 600 }, () => String.fromCharCode(33 + Math.floor(random() * 94))).join('')}`;
    const signal: Signal = { type: 'sdp', callId: ID, kind: 'offer', sdp };
    const text = await encodeSignal(signal);
    expect(text).toBe(`SDP ${ID} o c ${await deflatedOffer(new TextEncoder().encode(sdp))}`);
    expect(await expectOk(text)).toStrictEqual(signal);
  });

  it('decodes hand-written texts', async () => {
    expect(await expectOk('CAPS?')).toEqual({ type: 'caps-query' });
    expect(await expectOk('CAPS VOICE PARLEY/1')).toEqual({ type: 'caps', caps: ['VOICE', 'PARLEY/1'] });
    expect(await expectOk('CAPS')).toEqual({ type: 'caps', caps: [] });
    expect(await expectOk(`INVITE ${ID} va 90`)).toEqual({
      type: 'invite',
      callId: ID,
      media: ['video', 'audio'],
      lifetimeMs: 90_000,
    });
    expect(await expectOk(`MEDIA ${ID} screen:on mic:on cam:off`)).toEqual({
      type: 'media',
      callId: ID,
      state: { micMuted: false, cameraOff: true, screenSharing: true },
    });
    expect(await expectOk('ERROR unsupported - text')).toStrictEqual({
      type: 'error',
      code: 'unsupported',
      text: 'text',
    });
    expect(await expectOk('ERROR rejected -')).toStrictEqual({ type: 'error', code: 'rejected' });
    expect(await expectOk(`SDP ${ID} o t "v=0\\r\\nx y"`)).toEqual({
      type: 'sdp',
      callId: ID,
      kind: 'offer',
      sdp: 'v=0\r\nx y',
    });
  });

  it('cuts the text of an ERROR to 200 characters', async () => {
    const signal = await expectOk(`ERROR malformed - ${'x'.repeat(500)}`);
    expect(signal).toEqual({ type: 'error', code: 'malformed', text: 'x'.repeat(200) });
  });

  it(`accepts ${MAX_BATCH_CANDIDATES} candidates in one ICE signal and refuses one more`, async () => {
    const parts = Array.from(
      { length: MAX_BATCH_CANDIDATES + 1 },
      (_, i) => `0 candidate:${i} 1 udp 1 10.0.0.1 ${i} typ host`,
    );
    const good = await expectOk(`ICE ${ID} ${parts.slice(0, MAX_BATCH_CANDIDATES).join('|')}`);
    expect(good.type === 'ice' && good.candidates.length).toBe(MAX_BATCH_CANDIDATES);
    await expectFail(`ICE ${ID} ${parts.join('|')}`, 'malformed-signal');
  });
});

/** compactSdp texts of an answer, and of an offer that is no SDP. */
const ANSWER_TEXT = await compactSdp.encode({ type: 'answer', sdp: 'v=0\r\ns=-\r\n' });
const HELLO_TEXT = await compactSdp.encode({ type: 'offer', sdp: 'hello' });

describe('decodeSignal of malformed input', () => {
  const cases: Array<[string, unknown, ParleyErrorCode]> = [
    // Not text.
    ['a number', 42, 'malformed-signal'],
    ['null', null, 'malformed-signal'],
    ['undefined', undefined, 'malformed-signal'],
    ['an object', { type: 'caps-query' }, 'malformed-signal'],
    ['an array', ['CAPS?'], 'malformed-signal'],
    ['a String object', new String('CAPS?'), 'malformed-signal'],
    ['a Uint8Array', new TextEncoder().encode('CAPS?'), 'malformed-signal'],
    // Characters.
    ['the empty string', '', 'malformed-signal'],
    ['a newline', `ACCEPT ${ID}\n`, 'malformed-signal'],
    ['a CR LF', `ACCEPT ${ID}\r\n`, 'malformed-signal'],
    ['a tab', `ACCEPT\t${ID}`, 'malformed-signal'],
    ['a NUL', `ACCEPT ${ID}\x00`, 'malformed-signal'],
    ['a DEL', `ACCEPT ${ID}\x7f`, 'malformed-signal'],
    ['an escape', '\x1b[31mCAPS?', 'malformed-signal'],
    ['non-ASCII in the id', 'ACCEPT abcdé234', 'malformed-signal'],
    ['non-ASCII in a capability', 'CAPS VOICE VIDÉO', 'malformed-signal'],
    ['an emoji', 'CAPS? 😀', 'malformed-signal'],
    ['a lone surrogate', 'CAPS \ud800', 'malformed-signal'],
    // Verbs.
    ['an unknown verb', 'HELLO world', 'unknown-signal'],
    ['a lowercase verb', 'caps?', 'unknown-signal'],
    ['a lowercase INVITE', `invite ${ID} a 60`, 'unknown-signal'],
    ['a leading space', ` ACCEPT ${ID}`, 'unknown-signal'],
    ['a chunk marker', '~abcd 1/2 CAPS?', 'unknown-signal'],
    // CAPS? / CAPS.
    ['CAPS? with an argument', 'CAPS? VOICE', 'malformed-signal'],
    ['CAPS with a lowercase token', 'CAPS voice', 'malformed-signal'],
    ['CAPS with an empty token', 'CAPS VOICE  VIDEO', 'malformed-signal'],
    ['CAPS with a 33-character token', `CAPS ${'A'.repeat(33)}`, 'malformed-signal'],
    ['CAPS with a token starting with /', 'CAPS /PARLEY', 'malformed-signal'],
    ['CAPS with 33 tokens', `CAPS ${Array.from({ length: 33 }, (_, i) => `T${i}`).join(' ')}`, 'malformed-signal'],
    // INVITE.
    ['INVITE without arguments', 'INVITE', 'malformed-signal'],
    ['INVITE without media', `INVITE ${ID}`, 'malformed-signal'],
    ['INVITE without lifetime', `INVITE ${ID} av`, 'malformed-signal'],
    ['INVITE with an extra argument', `INVITE ${ID} av 60 x`, 'malformed-signal'],
    ['INVITE with a short id', 'INVITE abc a 60', 'malformed-signal'],
    ['INVITE with a long id', `INVITE ${'a'.repeat(33)} a 60`, 'malformed-signal'],
    ['INVITE with a bad id character', 'INVITE abc.def a 60', 'malformed-signal'],
    ['INVITE with media letter x', `INVITE ${ID} x 60`, 'malformed-signal'],
    ['INVITE with uppercase media', `INVITE ${ID} A 60`, 'malformed-signal'],
    ['INVITE with duplicated media', `INVITE ${ID} aa 60`, 'malformed-signal'],
    ['INVITE with four media letters', `INVITE ${ID} avdv 60`, 'malformed-signal'],
    ['INVITE with empty media', `INVITE ${ID}  60`, 'malformed-signal'],
    ['INVITE with lifetime 0', `INVITE ${ID} a 0`, 'malformed-signal'],
    ['INVITE with a negative lifetime', `INVITE ${ID} a -5`, 'malformed-signal'],
    ['INVITE with lifetime 3601', `INVITE ${ID} a 3601`, 'malformed-signal'],
    ['INVITE with a fractional lifetime', `INVITE ${ID} a 1.5`, 'malformed-signal'],
    ['INVITE with a word lifetime', `INVITE ${ID} a sixty`, 'malformed-signal'],
    ['INVITE with lifetime Infinity', `INVITE ${ID} a Infinity`, 'malformed-signal'],
    ['INVITE with lifetime NaN', `INVITE ${ID} a NaN`, 'malformed-signal'],
    // ACCEPT / DECLINE / BUSY / ICE-END.
    ['ACCEPT without id', 'ACCEPT', 'malformed-signal'],
    ['ACCEPT with a trailing space', 'ACCEPT ', 'malformed-signal'],
    ['ACCEPT with two ids', `ACCEPT ${ID} ${ID}`, 'malformed-signal'],
    ['ACCEPT with a bad id', 'ACCEPT ab!d1234', 'malformed-signal'],
    ['DECLINE with a short id', 'DECLINE abc', 'malformed-signal'],
    ['DECLINE with an extra argument', `DECLINE ${ID} now`, 'malformed-signal'],
    ['BUSY without id', 'BUSY', 'malformed-signal'],
    ['BUSY with a long id', `BUSY ${'b'.repeat(33)}`, 'malformed-signal'],
    ['ICE-END without id', 'ICE-END', 'malformed-signal'],
    ['ICE-END with an extra argument', `ICE-END ${ID} 0`, 'malformed-signal'],
    // HANGUP.
    ['HANGUP without reason', `HANGUP ${ID}`, 'malformed-signal'],
    ['HANGUP with an unknown reason', `HANGUP ${ID} bored`, 'malformed-signal'],
    ['HANGUP with an uppercase reason', `HANGUP ${ID} BUSY`, 'malformed-signal'],
    ['HANGUP with a prototype key as reason', `HANGUP ${ID} toString`, 'malformed-signal'],
    ['HANGUP with an extra argument', `HANGUP ${ID} busy now`, 'malformed-signal'],
    ['HANGUP with a bad id', 'HANGUP a$cd busy', 'malformed-signal'],
    // SDP (structure).
    ['SDP without arguments', 'SDP', 'malformed-signal'],
    ['SDP without payload', `SDP ${ID} o c`, 'malformed-signal'],
    ['SDP with a bad kind', `SDP ${ID} x t "v=0"`, 'malformed-signal'],
    ['SDP with a long kind', `SDP ${ID} offer t "v=0"`, 'malformed-signal'],
    ['SDP with a bad id', 'SDP ab o t "v=0"', 'malformed-signal'],
    // SDP (payload).
    ['SDP with an unknown encoding', `SDP ${ID} o q dj0w`, 'bad-encoding'],
    ['SDP with an empty encoding', `SDP ${ID} o  "v=0"`, 'bad-encoding'],
    ['SDP with a z payload (deflate: no longer read, c never exceeds it)', `SDP ${ID} o z 80ggAA`, 'bad-encoding'],
    ['SDP with an empty c payload', `SDP ${ID} o c `, 'bad-encoding'],
    ['SDP with a c payload that is not base64url', `SDP ${ID} o c B+/=`, 'bad-encoding'],
    ['SDP with a c payload of an unknown format version', `SDP ${ID} o c _AAAA`, 'bad-encoding'],
    [
      'SDP with a c payload whose type disagrees (an answer sent as an offer)',
      `SDP ${ID} o c ${ANSWER_TEXT}`,
      'bad-encoding',
    ],
    ['SDP with a c payload that is not an SDP', `SDP ${ID} o c ${HELLO_TEXT}`, 'bad-encoding'],
    ['SDP with bad base64url (padding)', `SDP ${ID} o c Zm9vYg==`, 'bad-encoding'],
    ['SDP with bad base64url (impossible length)', `SDP ${ID} o c AAAAA`, 'bad-encoding'],
    ['SDP with a c payload containing a space', `SDP ${ID} o c FAAA FAAA`, 'bad-encoding'],
    [
      'SDP with a c payload of version 5 and bytes that are not deflate',
      `SDP ${ID} o c ${toBase64Url(Uint8Array.from([5 << 2, ...new Uint8Array(64).fill(0xff)]))}`,
      'bad-encoding',
    ],
    [
      'SDP with base64url of text',
      `SDP ${ID} o c ${toBase64Url(new TextEncoder().encode('v=0\r\ns=-\r\n'))}`,
      'bad-encoding',
    ],
    ['SDP with t payload that is not JSON', `SDP ${ID} o t v=0`, 'bad-encoding'],
    ['SDP with an unterminated JSON string', `SDP ${ID} o t "v=0\\r\\n`, 'bad-encoding'],
    ['SDP with a JSON number', `SDP ${ID} o t 42`, 'bad-encoding'],
    ['SDP with a JSON object', `SDP ${ID} o t {"sdp":"v=0"}`, 'bad-encoding'],
    ['SDP with a JSON null', `SDP ${ID} o t null`, 'bad-encoding'],
    ['SDP with text that is not an SDP (t)', `SDP ${ID} o t "hello"`, 'bad-encoding'],
    ['SDP with an empty JSON string', `SDP ${ID} a t ""`, 'bad-encoding'],
    // ICE.
    ['ICE without arguments', 'ICE', 'malformed-signal'],
    ['ICE without candidates', `ICE ${ID}`, 'malformed-signal'],
    ['ICE with a mid and no candidate', `ICE ${ID} 0`, 'malformed-signal'],
    ['ICE with an empty candidate', `ICE ${ID} 0 `, 'malformed-signal'],
    ['ICE without the candidate: prefix', `ICE ${ID} 0 1 1 udp 2122260223 10.0.0.1 5000 typ host`, 'malformed-signal'],
    ['ICE with candidate: and nothing else', `ICE ${ID} 0 candidate:`, 'malformed-signal'],
    ['ICE with a space after candidate:', `ICE ${ID} 0 candidate: 1 1 udp`, 'malformed-signal'],
    ['ICE with an empty mid', `ICE ${ID}  ${HOST_CANDIDATE}`, 'malformed-signal'],
    ['ICE with a 33-character mid', `ICE ${ID} ${'m'.repeat(33)} ${HOST_CANDIDATE}`, 'malformed-signal'],
    ['ICE with a trailing |', `ICE ${ID} 0 ${HOST_CANDIDATE}|`, 'malformed-signal'],
    ['ICE with an empty batch entry', `ICE ${ID} 0 ${HOST_CANDIDATE}||0 ${HOST_CANDIDATE}`, 'malformed-signal'],
    ['ICE with a bad id', `ICE a/b 0 ${HOST_CANDIDATE}`, 'malformed-signal'],
    ['ICE with an over-long candidate', `ICE ${ID} 0 candidate:${'x'.repeat(402)}`, 'malformed-signal'],
    // MEDIA.
    ['MEDIA without state', `MEDIA ${ID}`, 'malformed-signal'],
    ['MEDIA with two flags', `MEDIA ${ID} mic:on cam:on`, 'malformed-signal'],
    ['MEDIA with four flags', `MEDIA ${ID} mic:on cam:on screen:off screen:off`, 'malformed-signal'],
    ['MEDIA with a duplicated flag', `MEDIA ${ID} mic:on mic:on cam:on`, 'malformed-signal'],
    ['MEDIA with a bad value', `MEDIA ${ID} mic:yes cam:on screen:off`, 'malformed-signal'],
    ['MEDIA with an unknown flag', `MEDIA ${ID} mic:on cam:on speaker:off`, 'malformed-signal'],
    ['MEDIA with bare flags', `MEDIA ${ID} mic cam screen`, 'malformed-signal'],
    ['MEDIA with something after a value', `MEDIA ${ID} mic:on:x cam:on screen:off`, 'malformed-signal'],
    ['MEDIA with a bad id', 'MEDIA x mic:on cam:on screen:off', 'malformed-signal'],
    // ERROR.
    ['ERROR without arguments', 'ERROR', 'malformed-signal'],
    ['ERROR without id', 'ERROR malformed', 'malformed-signal'],
    ['ERROR with an unknown code', 'ERROR nope -', 'malformed-signal'],
    ['ERROR with an uppercase code', 'ERROR MALFORMED -', 'malformed-signal'],
    ['ERROR with a bad id', 'ERROR malformed abc', 'malformed-signal'],
    ['ERROR with an empty id', 'ERROR malformed  text', 'malformed-signal'],
  ];

  for (const [name, input, code] of cases) {
    it(`rejects ${name} with ${code}`, async () => {
      await expectFail(input, code);
    });
  }

  it('rejects texts over MAX_SIGNAL_LENGTH with signal-too-long, and accepts one of exactly that length', async () => {
    const prefix = 'ERROR malformed - ';
    const atLimit = prefix + 'x'.repeat(MAX_SIGNAL_LENGTH - prefix.length);
    expect(atLimit.length).toBe(MAX_SIGNAL_LENGTH);
    expect(await expectOk(atLimit)).toEqual({ type: 'error', code: 'malformed', text: 'x'.repeat(200) });
    await expectFail(atLimit + 'x', 'signal-too-long');
    await expectFail(`ICE ${ID} ` + '0 candidate:x|'.repeat(10_000), 'signal-too-long');
    // Length is checked before content: an over-long non-ASCII text is still "too long".
    await expectFail('é'.repeat(MAX_SIGNAL_LENGTH + 1), 'signal-too-long');
  });

  it('rejects an SDP that is valid deflate but not valid UTF-8', async () => {
    const payload = await deflatedOffer(new Uint8Array([0x76, 0x3d, 0x30, 0x0d, 0x0a, 0xff, 0xfe, 0xc3]));
    await expectFail(`SDP ${ID} o c ${payload}`, 'bad-encoding');
  });

  it('rejects an SDP that is valid deflate of something that is not an SDP', async () => {
    const payload = await deflatedOffer(new TextEncoder().encode('hello, this is not an SDP'));
    await expectFail(`SDP ${ID} o c ${payload}`, 'bad-encoding');
  });

  it('rejects a truncated deflate stream', async () => {
    const payload = await deflatedOffer(new TextEncoder().encode(CHROMIUM_AUDIO_SDP));
    const text = `SDP ${ID} o c ${payload}`;
    for (const cut of [1, 2, 3, 5, 10, 50, 200]) {
      const truncated = text.slice(0, text.length - cut);
      const result = await decodeSignal(truncated);
      expect(result.ok, `cut ${cut}`).toBe(false);
      if (!result.ok) expect(['bad-encoding', 'malformed-signal']).toContain(result.error.code);
    }
  });

  it('rejects a deflate bomb (10 MB of zeros) quickly with bad-encoding', async () => {
    const compressed = await compressionStreamDeflate(new Uint8Array(10 * 1024 * 1024));
    const payload = toBase64Url(Uint8Array.from([5 << 2, ...compressed]));
    // The bomb fits in one signal: only the inflate bound stops it.
    const text = `SDP ${ID} o c ${payload}`;
    expect(text.length).toBeLessThan(MAX_SIGNAL_LENGTH);
    const started = Date.now();
    const error = await expectFail(text, 'bad-encoding');
    expect(Date.now() - started).toBeLessThan(4000);
    expect(error.message).toContain('SDP payload could not be decoded');
  });

  it('rejects an SDP just over MAX_SDP_BYTES after inflating', async () => {
    const sdp = 'v=0\r\n' + 'a'.repeat(MAX_SDP_BYTES);
    const payload = await deflatedOffer(new TextEncoder().encode(sdp));
    await expectFail(`SDP ${ID} o c ${payload}`, 'bad-encoding');
  });

  it('never throws for odd inputs', async () => {
    const odd: unknown[] = [Symbol('x'), () => 'CAPS?', 10n, true, NaN, Object.create(null), new Proxy({}, {})];
    for (const input of odd) await expectFail(input, 'malformed-signal');
  });
});

describe('decodeSignal fuzz (seeded)', () => {
  const ALLOWED: ReadonlySet<ParleyErrorCode> = new Set([
    'malformed-signal',
    'unknown-signal',
    'signal-too-long',
    'bad-encoding',
  ]);

  it(
    'always resolves to a Result, and re-encoding an ok result decodes to the same signal',
    { timeout: 60_000 },
    async () => {
      const seed = 0x5eed1e;
      const random = mulberry32(seed);
      const int = (n: number): number => Math.floor(random() * n);
      const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
      const printable = (n: number): string =>
        Array.from({ length: n }, () => String.fromCharCode(0x20 + int(0x5f))).join('');
      const bytes = (n: number): string => Array.from({ length: n }, () => String.fromCharCode(int(256))).join('');
      const units = (n: number): string => Array.from({ length: n }, () => String.fromCharCode(int(0x10000))).join('');

      const valid: string[] = [];
      for (const signal of SAMPLES) {
        valid.push(await encodeSignal(signal));
        if (signal.type === 'sdp') valid.push(await encodeSignal(signal, { sdpEncoding: 't' }));
      }
      const verbs = [
        'CAPS?',
        'CAPS',
        'INVITE',
        'ACCEPT',
        'DECLINE',
        'BUSY',
        'HANGUP',
        'SDP',
        'ICE',
        'ICE-END',
        'MEDIA',
        'ERROR',
      ];
      const tokens = [
        ID,
        'abcd',
        'a',
        'av',
        'vad',
        '60',
        '0',
        '3600',
        'busy',
        'hangup',
        'o',
        'a',
        'c',
        't',
        '"v=0"',
        '-',
      ];
      const tokens2 = [
        'mic:on',
        'cam:off',
        'screen:on',
        'VOICE',
        'PARLEY/1',
        'malformed',
        'unsupported',
        '0',
        HOST_CANDIDATE,
      ];

      const mutate = (text: string): string => {
        const at = int(text.length + 1);
        const char = random() < 0.8 ? printable(1) : bytes(1);
        switch (int(3)) {
          case 0:
            return text.slice(0, at) + char + text.slice(at + 1); // replace
          case 1:
            return text.slice(0, at) + text.slice(at + 1); // delete
          default:
            return text.slice(0, at) + char + text.slice(at); // insert
        }
      };

      const generate = (): unknown => {
        switch (int(9)) {
          case 0:
            return printable(int(120));
          case 1:
            return bytes(int(80));
          case 2:
            return units(int(40));
          case 3: {
            const text = pick(valid);
            return text.slice(0, int(text.length + 1)); // prefix
          }
          case 4: {
            const text = pick(valid);
            return text.slice(int(text.length)); // suffix (cut from the front)
          }
          case 5:
          case 6:
            return mutate(pick(valid));
          case 7: {
            let text = pick(valid);
            for (let i = 1 + int(4); i > 0; i--) text = mutate(text);
            return text;
          }
          default: {
            const parts: string[] = [pick(verbs)];
            for (let i = int(5); i > 0; i--) parts.push(random() < 0.5 ? pick(tokens) : pick(tokens2));
            return parts.join(' ');
          }
        }
      };

      let okCount = 0;
      let failCount = 0;
      const codes = new Map<string, number>();
      for (let i = 0; i < 5000; i++) {
        const input = generate();
        const context = `seed ${seed}, case ${i}: ${JSON.stringify(input)?.slice(0, 200)}`;
        let result: Result<Signal>;
        try {
          result = await decodeSignal(input);
        } catch (error) {
          throw new Error(`decodeSignal rejected (${context}): ${String(error)}`, { cause: error });
        }
        expect(typeof result.ok, context).toBe('boolean');
        if (result.ok) {
          okCount++;
          for (const options of ENCODINGS) {
            const again = await decodeSignal(await encodeSignal(result.value, options));
            expect(again, `${context} (re-encoded ${options.sdpEncoding ?? 'default'})`).toStrictEqual({
              ok: true,
              value: result.value,
            });
          }
        } else {
          failCount++;
          expect(result.error, context).toBeInstanceOf(ParleyError);
          expect(ALLOWED.has(result.error.code), `${context}: code ${result.error.code}`).toBe(true);
          codes.set(result.error.code, (codes.get(result.error.code) ?? 0) + 1);
        }
      }
      // The generator reaches both outcomes and several error codes.
      expect(okCount).toBeGreaterThan(100);
      expect(failCount).toBeGreaterThan(2000);
      expect(codes.get('malformed-signal')).toBeGreaterThan(0);
      expect(codes.get('unknown-signal')).toBeGreaterThan(0);
      expect(codes.get('bad-encoding')).toBeGreaterThan(0);
    },
  );
});
