import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallManager } from './call-manager.js';
import { FakePeerConnection } from '@parley/testing/fake-peer-connection';
import { createMemoryTransportPair } from './memory-transport.js';

// Offers of engines that put their candidates inside the SDP (libdatachannel).

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
