import { afterEach, describe, expect, it, vi } from 'vitest';
import { sampleStats } from './stats.js';

type Stat = { type: string; id: string; [key: string]: unknown };

/** A connection whose getStats returns `stats` (a fresh report on each call). */
const pcWith = (...reports: Stat[][]): RTCPeerConnection => {
  let call = 0;
  return {
    getStats: () => Promise.resolve(new Map((reports[call++] ?? []).map((s) => [s.id, s]))),
  } as unknown as RTCPeerConnection;
};

const candidates: Stat[] = [
  { type: 'local-candidate', id: 'L1', candidateType: 'relay' },
  { type: 'remote-candidate', id: 'R1', candidateType: 'srflx' },
  { type: 'local-candidate', id: 'L2', candidateType: 'host' },
  { type: 'remote-candidate', id: 'R2', candidateType: 'host' },
];

describe('sampleStats', () => {
  afterEach(() => vi.useRealTimers());

  it('reads the selected pair, RTP counters, loss and bitrates since the previous sample', async () => {
    vi.useFakeTimers({ now: 10_000 });
    const report = (bytesIn: number, bytesOut: number): Stat[] => [
      ...candidates,
      {
        type: 'candidate-pair',
        id: 'P2',
        state: 'succeeded',
        nominated: true,
        localCandidateId: 'L2',
        remoteCandidateId: 'R2',
      },
      { type: 'transport', id: 'T', selectedCandidatePairId: 'P1' },
      {
        type: 'candidate-pair',
        id: 'P1',
        currentRoundTripTime: 0.0424,
        localCandidateId: 'L1',
        remoteCandidateId: 'R1',
        bytesReceived: 1,
        bytesSent: 1,
      },
      { type: 'inbound-rtp', id: 'a', bytesReceived: bytesIn / 2, packetsReceived: 90, packetsLost: 5 },
      { type: 'inbound-rtp', id: 'v', bytesReceived: bytesIn / 2, packetsReceived: 5, packetsLost: Number.NaN },
      { type: 'outbound-rtp', id: 'o', bytesSent: bytesOut, packetsLost: 1000 },
    ];
    const pc = pcWith(report(1000, 2000), report(11_000, 4500));
    const first = await sampleStats(pc);
    expect(first).toEqual({
      at: 10_000,
      bytesIn: 1000,
      bytesOut: 2000,
      stats: { rttMs: 42, packetLoss: 0.05, localCandidateType: 'relay', remoteCandidateType: 'srflx' },
    });
    vi.setSystemTime(12_000);
    const second = await sampleStats(pc, first);
    expect(second.stats).toEqual({ ...first.stats, inboundBitrate: 40_000, outboundBitrate: 10_000 });
  });

  it('falls back to the nominated pair and its byte counters without RTP (DataChannel only)', async () => {
    vi.useFakeTimers({ now: 5_000 });
    const pc = pcWith([
      ...candidates,
      { type: 'candidate-pair', id: 'P0', state: 'in-progress', nominated: true, localCandidateId: 'L1' },
      {
        type: 'candidate-pair',
        id: 'P2',
        state: 'succeeded',
        nominated: true,
        localCandidateId: 'L2',
        remoteCandidateId: 'R9',
        bytesReceived: 300,
        bytesSent: 700,
      },
      { type: 'outbound-rtp', id: 'o', bytesSent: 99 },
    ]);
    const previous = { stats: {}, at: 4_000, bytesIn: 500, bytesOut: 600 };
    expect(await sampleStats(pc, previous)).toEqual({
      at: 5_000,
      bytesIn: 300,
      bytesOut: 700,
      // Counters that went down (a new connection) give 0, not a negative rate.
      stats: { inboundBitrate: 0, outboundBitrate: 800, localCandidateType: 'host' },
    });
  });

  it('reports nothing it cannot read', async () => {
    const sample = await sampleStats(pcWith([{ type: 'candidate-pair', id: 'P', state: 'failed' }]), {
      stats: {},
      at: Date.now() + 60_000,
      bytesIn: 0,
      bytesOut: 0,
    });
    expect(sample.stats).toEqual({});
    expect([sample.bytesIn, sample.bytesOut]).toEqual([0, 0]);
  });
});
