import { encodeSignal, ParleyError, type Signal } from '@parley/core';
import { encodeBundle } from '@parley/core/manual-exchange';
import { describe, expect, it } from 'vitest';
import { peerBundle, readPeerText } from './peer-text.js';

/** The texts `parley offer` and `parley answer` print, without WebRTC. */
async function bundle(...signals: Signal[]): Promise<string> {
  return encodeBundle(await Promise.all(signals.map((s) => encodeSignal(s, { sdpEncoding: 't' }))));
}

const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';

function offerBundle(callId = 'call1234'): Promise<string> {
  return bundle(
    { type: 'invite', callId, media: ['data'], lifetimeMs: 60_000 },
    { type: 'sdp', callId, kind: 'offer', sdp: SDP },
  );
}

function answerBundle(callId = 'call1234'): Promise<string> {
  return bundle({ type: 'accept', callId }, { type: 'sdp', callId, kind: 'answer', sdp: SDP });
}

async function failure(text: string, expected: 'offer' | 'answer'): Promise<ParleyError> {
  const error: unknown = await readPeerText(text, expected).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParleyError);
  expect((error as ParleyError).code).toBe('bad-encoding');
  return error as ParleyError;
}

describe('readPeerText', () => {
  it('reads an offer and an answer', async () => {
    expect((await readPeerText(await offerBundle(), 'offer')).map((s) => s.type)).toEqual(['invite', 'sdp']);
    expect((await readPeerText(await answerBundle(), 'answer')).map((s) => s.type)).toEqual(['accept', 'sdp']);
  });

  it('reads the text inside a join link or a web+parley: link', async () => {
    const offer = await offerBundle();
    expect(await readPeerText(`<https://parley.example/join/#offer/${offer}>.`, 'offer')).toHaveLength(2);
    expect(await readPeerText(`web+parley:answer/${await answerBundle()}`, 'answer')).toHaveLength(2);
    expect(await peerBundle(`https://parley.example/join/#offer/${offer}`)).toBe(offer);
    expect(await peerBundle(`https://parley.example/join/#offer/${offer.slice(0, 30)}\n${offer.slice(30)}\nBob`)).toBe(
      offer,
    );
    expect(await peerBundle('hello there')).toBe('hello there');
  });

  it('ignores whitespace from copy-paste and line wrapping', async () => {
    const text = await offerBundle();
    await expect(readPeerText(`  ${text.slice(0, 20)}\n${text.slice(20)}  `, 'offer')).resolves.toHaveLength(2);
  });

  it('says what is wrong with text that is not a Parley text', async () => {
    expect((await failure('hello', 'offer')).message).toBe(
      'cannot read the offer: not a Parley invite (expected it to start with P2)',
    );
    expect((await failure('P2AAAAA', 'answer')).message).toMatch(/^cannot read the answer: .*damaged/);
  });

  it('tells an offer from an answer', async () => {
    expect((await failure(await answerBundle(), 'offer')).message).toContain('this is an answer, not an offer');
    expect((await failure(await offerBundle(), 'answer')).message).toContain('this is an offer, not an answer');
  });

  it('refuses a bundle without a session description', async () => {
    const text = await bundle({ type: 'accept', callId: 'call1234' });
    expect((await failure(text, 'answer')).message).toBe('cannot read the answer: it holds no answer');
  });
});
