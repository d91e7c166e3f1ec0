import { encodeSignal } from '@parley/core';
import { encodeBundle } from '@parley/core/manual-exchange';

export { unwrap } from './texts.test-util.js';

const SDP =
  'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n' +
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n' +
  'a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\r\na=ice-ufrag:Xq3b\r\na=ice-pwd:Jz8Kx1pQ7vN2mR5tY9wB4cD6\r\n' +
  'a=fingerprint:sha-256 9F:1C:3A:0B:77:21:5E:6D:90:AA:BC:4F:12:34:56:78:9A:BC:DE:F0:11:22:33:44:55:66:77:88:99:AA:BB:CC\r\n' +
  'a=setup:actpass\r\na=mid:0\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n';

export const CALL_ID = 'Q9x_a-12bcDE';

/** Real bundles, as a ManualExchange makes them: an offer (invite + SDP offer) and its answer. */
export async function sampleBundles(): Promise<{ offer: string; answer: string }> {
  const offer = await encodeBundle([
    'CAPS PARLEY/1 CHAT',
    `INVITE ${CALL_ID} d 1800`,
    await encodeSignal({ type: 'sdp', callId: CALL_ID, kind: 'offer', sdp: SDP }, { sdpEncoding: 't' }),
  ]);
  const answer = await encodeBundle([
    `ACCEPT ${CALL_ID}`,
    await encodeSignal(
      { type: 'sdp', callId: CALL_ID, kind: 'answer', sdp: SDP.replace('actpass', 'active') },
      { sdpEncoding: 't' },
    ),
  ]);
  return { offer, answer };
}
