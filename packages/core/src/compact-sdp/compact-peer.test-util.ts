import type { StaticServer } from '@parley/testing';

/**
 * A page script for real tests of compactSdp: one RTCPeerConnection per page,
 * non-trickle (candidates in the SDP), whose descriptions leave the page only
 * as compact text and enter the other page only through `compactSdp.decode`.
 * Written as plain JS for the page (served beside the core's dist).
 */
export const COMPACT_PEER_SCRIPT = String.raw`
import { compactSdp } from '/core/index.js';

const gathered = (pc) => new Promise((resolve) => {
  if (pc.iceGatheringState === 'complete') return resolve();
  pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
});

const p = {
  pc: null, channel: null, messages: [], remote: new MediaStream(), original: null,
  async start({ media, data }) {
    p.pc = new RTCPeerConnection();
    p.pc.ontrack = ({ track }) => {
      p.remote.addTrack(track);
      const el = document.createElement(track.kind === 'audio' ? 'audio' : 'video');
      el.autoplay = true; el.muted = track.kind === 'video'; el.srcObject = new MediaStream([track]);
      document.body.append(el);
    };
    p.pc.ondatachannel = ({ channel }) => p.attach(channel);
    if (data) p.attach(p.pc.createDataChannel('chat'));
    if (media) {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      for (const track of stream.getTracks()) p.pc.addTrack(track, stream);
    }
  },
  attach(channel) {
    p.channel = channel;
    channel.onmessage = (e) => p.messages.push(e.data);
  },
  /** The local description after gathering, as compact text (default mode). */
  async local() {
    await gathered(p.pc);
    p.original = p.pc.localDescription.sdp;
    return await compactSdp.encode({ type: p.pc.localDescription.type, sdp: p.original });
  },
  async offer() {
    await p.pc.setLocalDescription(await p.pc.createOffer());
    return p.local();
  },
  /** Applies the peer's compact text; answers an offer. Throws the typed error if it does not decode. */
  async remote(text) {
    const result = await compactSdp.decode(text);
    if (!result.ok) throw new Error(result.error.code + ': ' + result.error.message);
    p.decoded = result.value.sdp;
    await p.pc.setRemoteDescription(result.value);
    if (result.value.type === 'answer') return null;
    await p.pc.setLocalDescription(await p.pc.createAnswer());
    return p.local();
  },
  async frames() {
    let frames = 0, audioPackets = 0;
    const stats = await p.pc.getStats();
    stats.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded || 0;
      if (s.type === 'inbound-rtp' && s.kind === 'audio' && /opus/.test(stats.get(s.codecId)?.mimeType)) audioPackets += s.packetsReceived || 0;
    });
    return { frames, audioPackets };
  },
  state() { return { ice: p.pc.iceConnectionState, dc: p.channel ? p.channel.readyState : 'none' }; },
};
window.p = p;
window.peerReady = true;
`;

/** Serves the core's dist and the peer page (`/peer`, which sets `window.peerReady`) from `server`. */
export function mountCompactPeer(server: StaticServer): void {
  server.mount('/core/', new URL('../../dist/', import.meta.url).pathname);
  server.set('/peer.js', COMPACT_PEER_SCRIPT, 'text/javascript; charset=utf-8');
  server.set(
    '/peer',
    '<!doctype html><meta charset="utf-8"><body><script type="module" src="/peer.js"></script></body>',
  );
}
