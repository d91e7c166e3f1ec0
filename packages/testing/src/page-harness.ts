import type { Page } from 'playwright-core';
import type { StaticServer } from './static-server.js';

/**
 * A page-side harness that drives @parley/core (served from its dist as ES
 * modules) in Chromium: one CallManager per page, a BroadcastChannel, a
 * bridge-to-Node or an IRC-over-WebSocket transport (@parley/irc), fake
 * camera and microphone, and probes that tell whether remote frames and
 * audio really decode.
 */
const HARNESS = String.raw`
import * as parley from '/core/index.js';

const log = [];
const h = {
  manager: null, call: null, stream: null, remoteStream: new MediaStream(), events: [],
  setup({ selfId, peerId, transport, settings }) {
    if (h.manager) h.manager.close();
    h.events = []; h.call = null;
    const t = transport === 'bridge'
      ? new BridgeTransport()
      : parley.createBroadcastTransport('parley-test', selfId, peerId);
    h.manager = new parley.CallManager(settings || {});
    h.manager.addPeer(peerId, t);
    h.peerId = peerId;
    h.manager.on('call', (call) => h.track(call));
  },
  track(call) {
    h.call = call;
    call.on('statechange', (d) => {
      h.events.push({ type: 'statechange', ...d });
      if (d.state === 'connected') h.connectedAt = Date.now();
    });
    call.on('remotemedia', (d) => h.events.push({ type: 'remotemedia', ...d }));
    call.on('reconnecting', (d) => h.events.push({ type: 'reconnecting', ...d }));
    call.on('reconnected', (d) => h.events.push({ type: 'reconnected', ...d }));
    call.on('ended', (d) => h.events.push({ type: 'ended', ...d }));
    call.on('warning', (e) => h.events.push({ type: 'warning', message: String(e.message), cause: String(e.cause) }));
    call.on('message', (text) => h.events.push({ type: 'message', text }));
    call.on('track', ({ track }) => {
      h.remoteStream.addTrack(track);
      h.events.push({ type: 'track', kind: track.kind });
      const el = document.createElement(track.kind === 'audio' ? 'audio' : 'video');
      el.autoplay = true; el.muted = track.kind === 'video'; el.srcObject = new MediaStream([track]);
      document.body.append(el);
    });
  },
  async media(constraints) {
    if (!constraints || (!constraints.audio && !constraints.video)) return undefined;
    h.stream = await navigator.mediaDevices.getUserMedia(constraints);
    return h.stream;
  },
  /** Signaling over IRC (WebSocket) with @parley/irc; every line sent is kept in h.sent. */
  async setupIrc({ url, nick, peerId, protocol, settings }) {
    const irc = await import('/irc/index.js');
    const connection = await irc.connectIrcWebSocket({ url, nick });
    h.sent = [];
    const io = {
      state: connection.state,
      send: (line) => { h.sent.push({ line, at: Date.now() }); connection.send(line); },
      onLine: (f) => connection.onLine(f),
      onClose: (f) => connection.onClose(f),
    };
    h.events = []; h.call = null;
    h.manager = new parley.CallManager(settings || {});
    h.signaling = new irc.IrcSignaling({ io, manager: h.manager, protocol });
    h.connection = connection;
    h.peerId = peerId;
    h.manager.on('call', (call) => h.track(call));
  },
  async placeIrc(media, constraints) {
    const stream = await h.media(constraints);
    h.startedAt = Date.now();
    await h.signaling.call(h.peerId, { media, stream });
  },
  async place(media, constraints) {
    const stream = await h.media(constraints);
    h.manager.call(h.peerId, { media, stream });
  },
  autoAccept(constraints) {
    h.manager.on('incoming', async (call) => call.accept({ stream: await h.media(constraints) }));
  },
  state() { return h.call ? h.call.state : 'none'; },
  summary() { return h.call ? h.call.summary() : null; },
  async decoded() {
    const out = { framesDecoded: 0, audioSamples: 0, videoTracks: 0 };
    if (!h.call || !h.call.peerConnection) return out;
    const stats = await h.call.peerConnection.getStats();
    stats.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') out.framesDecoded += s.framesDecoded || 0;
      if (s.type === 'inbound-rtp' && s.kind === 'audio') out.audioSamples += s.totalSamplesReceived || 0;
    });
    out.videoTracks = h.remoteStream.getVideoTracks().filter((t) => t.readyState === 'live').length;
    return out;
  },
  async addVideo() {
    const s = await navigator.mediaDevices.getUserMedia({ video: true });
    h.call.addTrack(s.getVideoTracks()[0], s);
  },
  async shareScreen() {
    const s = await navigator.mediaDevices.getDisplayMedia({ video: true });
    h.screen = s.getVideoTracks()[0];
    h.call.startScreenShare(h.screen, s);
  },
  stopScreen() { h.call.stopScreenShare(); },
  async pair() {
    const r = await h.call.peerConnection.getStats();
    let out = null;
    r.forEach((s) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) {
        const p = r.get(s.selectedCandidatePairId);
        const local = r.get(p.localCandidateId);
        out = { local: local.candidateType, remote: r.get(p.remoteCandidateId).candidateType, url: local.url };
      }
    });
    return out;
  },
  transceivers() {
    return h.call.peerConnection.getTransceivers().map((t) => ({ mid: t.mid, kind: t.receiver.track.kind, direction: t.currentDirection }));
  },
};

class BridgeTransport {
  maxMessageBytes = Infinity;
  handlers = new Set();
  constructor() { window.__fromNode = (text) => { for (const f of this.handlers) f(text); }; }
  send(text) { window.__toNode(text); }
  onMessage(f) { this.handlers.add(f); return () => this.handlers.delete(f); }
}

window.h = h;
window.parley = parley;
window.harnessReady = true;
`;

/** Serves the core's dist and the harness from `server`; `/harness` is the page. */
export function mountHarness(
  server: StaticServer,
  coreDist: string,
  more: { irc?: string; invite?: string } = {},
): void {
  server.mount('/core/', coreDist);
  // @parley/irc imports @parley/invite (the join-link fallback): both come together.
  if (more.irc) server.mount('/irc/', more.irc);
  if (more.invite) server.mount('/invite/', more.invite);
  server.set('/harness.js', HARNESS, 'text/javascript; charset=utf-8');
  server.set(
    '/harness',
    '<!doctype html><meta charset="utf-8"><title>parley harness</title>' +
      '<script type="importmap">{"imports":{"@parley/core":"/core/index.js","@parley/core/manual-exchange":"/core/manual-exchange.js","@parley/invite":"/invite/index.js"}}</script>' +
      '<body><script type="module" src="/harness.js"></script></body>',
  );
}

/** Opens the harness in `page` and waits until it is ready. */
export async function openHarness(page: Page, server: StaticServer): Promise<void> {
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(`${server.origin}/harness`);
  await page.waitForFunction('window.harnessReady === true');
}

export interface HarnessEvent {
  type: string;
  [key: string]: unknown;
}

/** Runs `expression` in the page (an expression over `h`, the harness). */
export function inPage<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate(expression) as Promise<T>;
}
