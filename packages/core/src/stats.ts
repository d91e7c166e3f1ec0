import type { CallStats } from './call-summary.js';

/** One getStats sample: the figures plus the counters needed for the next bitrate. */
export interface StatsSample {
  stats: CallStats;
  at: number;
  bytesIn: number;
  bytesOut: number;
}

interface StatLike {
  type: string;
  id: string;
  [key: string]: unknown;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Reads RTT, bitrates, loss and the selected pair's candidate types from getStats. */
export async function sampleStats(pc: RTCPeerConnection, previous?: StatsSample): Promise<StatsSample> {
  const report = (await pc.getStats()) as unknown as Map<string, StatLike>;
  const entries = [...report.values()];
  let pair: StatLike | undefined;
  for (const s of entries) {
    if (s.type === 'transport' && typeof s['selectedCandidatePairId'] === 'string') {
      pair = report.get(s['selectedCandidatePairId']);
    }
  }
  pair ??= entries.find((s) => s.type === 'candidate-pair' && s['state'] === 'succeeded' && s['nominated'] === true);
  let bytesIn = 0;
  let bytesOut = 0;
  let packetsLost = 0;
  let packetsReceived = 0;
  let hasRtp = false;
  for (const s of entries) {
    if (s.type === 'inbound-rtp') {
      hasRtp = true;
      bytesIn += num(s['bytesReceived']);
      packetsLost += num(s['packetsLost']);
      packetsReceived += num(s['packetsReceived']);
    } else if (s.type === 'outbound-rtp') {
      bytesOut += num(s['bytesSent']);
    }
  }
  if (!hasRtp && pair) {
    bytesIn = num(pair['bytesReceived']);
    bytesOut = num(pair['bytesSent']);
  }
  const at = Date.now();
  const stats: CallStats = {};
  const rtt = pair?.['currentRoundTripTime'];
  if (typeof rtt === 'number') stats.rttMs = Math.round(rtt * 1000);
  if (previous && at > previous.at) {
    const seconds = (at - previous.at) / 1000;
    stats.inboundBitrate = Math.max(0, Math.round(((bytesIn - previous.bytesIn) * 8) / seconds));
    stats.outboundBitrate = Math.max(0, Math.round(((bytesOut - previous.bytesOut) * 8) / seconds));
  }
  if (packetsReceived + packetsLost > 0) stats.packetLoss = packetsLost / (packetsReceived + packetsLost);
  if (pair) {
    const local = report.get(String(pair['localCandidateId']));
    const remote = report.get(String(pair['remoteCandidateId']));
    if (typeof local?.['candidateType'] === 'string') stats.localCandidateType = local['candidateType'];
    if (typeof remote?.['candidateType'] === 'string') stats.remoteCandidateType = remote['candidateType'];
  }
  return { stats, at, bytesIn, bytesOut };
}
