import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallManager } from './call-manager.js';
import { createFakePeerConnection, FakePeerConnection } from '@parley/testing/fake-peer-connection';
import { Call, type CallHost } from './call.js';
import { resolveCallSettings } from './call-options.js';
import type { Signal } from './signal.js';
import { createMemoryTransportPair } from './memory-transport.js';

async function settle(ms = 0): Promise<void> {
  for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(i === 0 ? ms : 1);
}

const OFFER = [
  'v=0',
  'o=- 1 1 IN IP4 0.0.0.0',
  'a=group:BUNDLE audio data',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=candidate:1 1 udp 9 10.0.0.1 1000 typ host',
  'a=mid:audio',
  'a=candidate:2 1 udp 8 10.0.0.1 1001 typ host',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'a=mid:data',
  'a=candidate:3 1 udp 7 10.0.0.1 1002 typ host',
  'a=end-of-candidates',
  '',
].join('\n');

class CandidatesInOffer extends FakePeerConnection {
  override async createOffer(): Promise<RTCSessionDescriptionInit> {
    // A candidate also reported by the engine travels once.
    this.emitCandidate('a=candidate:3 1 udp 7 10.0.0.1 1002 typ host', 'data');
    return { type: 'offer', sdp: OFFER };
  }
}

beforeEach(() => {
  vi.useFakeTimers();
  FakePeerConnection.reset();
});
afterEach(() => {
  vi.useRealTimers();
});

// Offers of engines that put their candidates inside the SDP (libdatachannel).
describe('an offer with candidates inside', () => {
  it('goes without them; they follow as trickle candidates of their media section once the answer is in', async () => {
    const [ta, tb] = createMemoryTransportPair();
    const alice = new CallManager({
      createPeerConnection: (config) => new CandidatesInOffer(config) as unknown as RTCPeerConnection,
      statsIntervalMs: 0,
    });
    const bob = new CallManager({
      createPeerConnection: (config) => new FakePeerConnection(config) as unknown as RTCPeerConnection,
      statsIntervalMs: 0,
    });
    alice.addPeer('bob', ta, { sdpEncoding: 't' });
    bob.addPeer('alice', tb, { sdpEncoding: 't' });
    const incoming = bob.once('incoming');
    alice.call('bob');
    await settle();
    const inc = await incoming;
    expect(ta.sent.filter((t) => t.startsWith('ICE'))).toEqual([]);
    await inc.accept();
    await settle(100);
    const received = inc.peerConnection as unknown as FakePeerConnection;
    expect(received.remoteDescription?.sdp).toBe(
      [
        'v=0',
        'o=- 1 1 IN IP4 0.0.0.0',
        'a=group:BUNDLE audio data',
        'm=audio 9 UDP/TLS/RTP/SAVPF 111',
        'a=mid:audio',
        'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
        'a=mid:data',
        '',
      ].join('\r\n'),
    );
    expect(received.addedCandidates).toEqual([
      { candidate: 'candidate:3 1 udp 7 10.0.0.1 1002 typ host', sdpMid: 'data' },
      { candidate: 'candidate:1 1 udp 9 10.0.0.1 1000 typ host', sdpMid: 'audio' },
      { candidate: 'candidate:2 1 udp 8 10.0.0.1 1001 typ host', sdpMid: 'audio' },
    ]);
    expect(ta.sent.filter((t) => t.startsWith('ICE'))).toHaveLength(1);
  });
});

describe('work that resumes after an await', () => {
  /** A call whose INVITE stays queued (a busy outbox) until `release()`. */
  function heldInvite() {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const sent: Signal[] = [];
    const host: CallHost = {
      settings: resolveCallSettings({
        createPeerConnection: createFakePeerConnection,
        statsIntervalMs: 0,
        trickle: true,
      }),
      send: async (signal) => {
        if (signal.type === 'invite') await held;
        sent.push(signal);
      },
      release: () => undefined,
    };
    const call = new Call(host, { id: 'mine', peerId: 'bob', direction: 'outgoing', media: ['data'] });
    const started = call.start({}, 60_000);
    return { call, sent, release, started };
  }

  it('a crossing invite adopted meanwhile: the placed call makes no connection and no offer of its own', async () => {
    const { call, sent, release, started } = heldInvite();
    const adopted = call.adopt({ callId: 'theirs', media: ['data'] });
    release();
    await Promise.all([started, adopted]);
    await settle();
    expect(call.state).toBe('connecting');
    expect(FakePeerConnection.instances).toEqual([call.peerConnection]);
    expect(sent.filter((s) => s.type === 'sdp')).toEqual([]); // the callee answers, it does not offer
  });

  it('hung up meanwhile: no connection is made', async () => {
    const { call, release, started } = heldInvite();
    call.hangup();
    release();
    await started;
    await settle();
    expect(call.state).toBe('ended');
    expect(FakePeerConnection.instances).toEqual([]);
  });
});
