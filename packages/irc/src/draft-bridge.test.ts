import { decodeSignal, encodeSignal, type Signal } from '@parley/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DraftBridge } from './draft-bridge.js';
import type { DraftMessage } from './draft-codec.js';

function bridge() {
  const sent: DraftMessage[] = [];
  const delivered: Signal[] = [];
  const errors: string[] = [];
  const pending: Array<Promise<void>> = [];
  const b = new DraftBridge({
    send: (messages) => sent.push(...messages),
    deliver: (text) =>
      void pending.push(
        decodeSignal(text).then((r) => {
          if (r.ok) delivered.push(r.value);
          else errors.push(r.error.message);
        }),
      ),
    onError: (error) => errors.push(error.code),
    sdpTimeoutMs: 1000,
  });
  const settle = async () => {
    await vi.advanceTimersByTimeAsync(0);
    await Promise.all(pending);
  };
  return { b, sent, delivered, errors, settle };
}

const SDP =
  'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:0\r\n';

describe('DraftBridge', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('turns core signals into the draft: offer, accept, SDP line by line, candidates; drops what it cannot say', async () => {
    const { b, sent, settle } = bridge();
    const signals: Signal[] = [
      { type: 'invite', callId: 'abcdefgh', media: ['data'], lifetimeMs: 60_000 },
      { type: 'sdp', callId: 'abcdefgh', kind: 'offer', sdp: SDP },
      {
        type: 'ice',
        callId: 'abcdefgh',
        candidates: [{ mid: '0', candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host' }],
      },
      { type: 'media', callId: 'abcdefgh', state: { micMuted: true, cameraOff: false, screenSharing: false } },
      { type: 'hangup', callId: 'abcdefgh', reason: 'hangup' },
    ];
    for (const signal of signals) b.fromCore(await encodeSignal(signal));
    await settle();
    await vi.waitFor(() => expect(sent.length).toBe(10));
    expect(sent.map((m) => m.kind)).toEqual([
      'call-offer',
      'sdp-start',
      'sdp',
      'sdp',
      'sdp',
      'sdp',
      'sdp',
      'sdp',
      'sdp-end',
      'ice',
    ]);
    expect(sent[2]).toEqual({ kind: 'sdp', line: 'v=0' });
  });

  it('turns the draft into core signals for one call, the SDP whole, and the answer as an answer', async () => {
    const { b, delivered, settle } = bridge();
    b.fromCore(await encodeSignal({ type: 'invite', callId: 'abcdefgh', media: ['data'], lifetimeMs: 60_000 }));
    b.fromCore(await encodeSignal({ type: 'sdp', callId: 'abcdefgh', kind: 'offer', sdp: SDP }));
    b.fromDraft({ kind: 'call-accept' });
    b.fromDraft({ kind: 'sdp-start' });
    for (const line of SDP.trim().split('\r\n')) b.fromDraft({ kind: 'sdp', line });
    b.fromDraft({ kind: 'sdp-end' });
    b.fromDraft({ kind: 'ice', candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host' });
    await settle();
    await vi.waitFor(() => expect(delivered).toHaveLength(3));
    expect(delivered[0]).toEqual({ type: 'accept', callId: 'abcdefgh' });
    expect(delivered[1]).toEqual({ type: 'sdp', callId: 'abcdefgh', kind: 'answer', sdp: SDP });
    expect(delivered[2]).toMatchObject({ type: 'ice', callId: 'abcdefgh', candidates: [{ mid: '0' }] });
  });

  it('a CALL-OFFER becomes an audio+video invite with a fresh id; its SDP is an offer', async () => {
    const { b, delivered, settle } = bridge();
    b.fromDraft({ kind: 'call-offer' });
    b.fromDraft({ kind: 'sdp-start' });
    b.fromDraft({ kind: 'sdp', line: 'v=0' });
    b.fromDraft({ kind: 'sdp-end' });
    await settle();
    await vi.waitFor(() => expect(delivered).toHaveLength(2));
    expect(delivered[0]).toMatchObject({ type: 'invite', media: ['audio', 'video'], lifetimeMs: 60_000 });
    expect(delivered[1]).toMatchObject({
      type: 'sdp',
      kind: 'offer',
      callId: (delivered[0] as { callId: string }).callId,
    });
  });

  it('bounds SDP reassembly in size and in time', async () => {
    const { b, delivered, errors, settle } = bridge();
    b.fromDraft({ kind: 'call-offer' });
    b.fromDraft({ kind: 'sdp-start' });
    for (let i = 0; i < 600; i++) b.fromDraft({ kind: 'sdp', line: `a=x-${i}` });
    b.fromDraft({ kind: 'sdp-end' });
    b.fromDraft({ kind: 'sdp-start' });
    // A slow SDP is fine as long as its lines keep coming…
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(900);
      b.fromDraft({ kind: 'sdp', line: 'v=0' });
      await settle();
    }
    expect(errors).toEqual(['chunk-overflow']);
    // …but one line late by more than the timeout drops it.
    await vi.advanceTimersByTimeAsync(1000);
    b.fromDraft({ kind: 'sdp-end' });
    await settle();
    // One error each; the rest of a dropped SDP is ignored quietly.
    expect(errors).toEqual(['chunk-overflow', 'chunk-timeout']);
    expect(delivered.map((s) => s.type)).toEqual(['invite']);
  });
});
