/**
 * Page side of the connect benchmark (connect.ts). Bundled by esbuild with
 * `@parley/core` left as an import of `/core/index.js`, which the static
 * server maps to packages/core/dist, so the page runs the built core as ES
 * modules. Sets `window.connectBench`.
 *
 * Every time is `performance.now()` in the page. Across two pages (the
 * BroadcastChannel scenarios) times are on the epoch scale
 * (`performance.timeOrigin + performance.now()`), and connect.ts corrects the
 * callee's clock by the offset `clockOffset()` measures.
 */
import * as parley from '@parley/core';
import type { CallManager, MediaKind } from '@parley/core';
import { rawHandshake, sleep, whenConnected, withTimeout, type RoundTimes } from './connect-common.js';

/** The callee's side of a two-page round, on the epoch scale of its page. */
export interface CalleeTimes {
  connectedAt: number;
  calleeGumMs?: number;
}

/** The caller's side of a two-page round, on the epoch scale of its page. */
export interface CallerTimes {
  startedAt: number;
  connectedAt: number;
}

export interface ClockSample {
  /** Callee page's clock minus caller page's clock, in ms. */
  offsetMs: number;
  /** Round trip of the sample over BroadcastChannel, in ms: the offset is known to ±rtt/2. */
  rttMs: number;
}

export interface ConnectBench {
  /** Two CallManagers in this page over an in-memory transport pair. */
  memory(media: MediaKind[], timeoutMs: number): Promise<RoundTimes>;
  /** Two raw RTCPeerConnections in this page, candidates handed over directly: until both DataChannels are open. */
  raw(timeoutMs: number): Promise<RoundTimes>;
  /** Callee page: a CallManager on BroadcastChannel `name` that accepts the next call. Resolve with `calleeResult()`. */
  listen(name: string, media: MediaKind[], timeoutMs: number): void;
  calleeResult(): Promise<CalleeTimes>;
  /** Caller page: calls the peer on BroadcastChannel `name`. */
  place(name: string, media: MediaKind[], timeoutMs: number): Promise<CallerTimes>;
  /** Either page of a two-page round: hangs up, closes the transport, stops the tracks. */
  cleanup(): Promise<void>;
  /** Callee page: answers clock pings on BroadcastChannel `name`. */
  clockServer(name: string): void;
  /** Caller page: `count` clock pings; the sample with the shortest round trip. */
  clockOffset(name: string, count: number): Promise<ClockSample>;
}

declare global {
  interface Window {
    connectBench: ConnectBench;
    connectBenchReady: boolean;
  }
}

const epoch = (): number => performance.timeOrigin + performance.now();
const hasAv = (media: MediaKind[]): boolean => media.includes('audio') || media.includes('video');

/** Fake camera and microphone (Chromium's `--use-fake-device-for-media-stream`). */
function userMedia(media: MediaKind[]): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({ audio: media.includes('audio'), video: media.includes('video') });
}

function stopAll(streams: MediaStream[]): void {
  for (const stream of streams) for (const track of stream.getTracks()) track.stop();
}

/**
 * The callee: accepts the next incoming call, with its own getUserMedia
 * stream for audio/video, and resolves with `clock()` at `connected`.
 */
function acceptNext(
  manager: CallManager,
  media: MediaKind[],
  timeoutMs: number,
  clock: () => number,
  streams: MediaStream[],
): Promise<CalleeTimes> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no incoming call within ${timeoutMs} ms`)), timeoutMs);
    const off = manager.on('incoming', (call) => {
      off();
      clearTimeout(timer);
      const times: CalleeTimes = { connectedAt: 0 };
      const done = whenConnected(call, timeoutMs, clock);
      void (async () => {
        let stream: MediaStream | undefined;
        if (hasAv(media)) {
          const before = performance.now();
          stream = await userMedia(media);
          times.calleeGumMs = performance.now() - before;
          streams.push(stream);
        }
        await call.accept(stream ? { stream } : {});
        times.connectedAt = await done;
        resolve(times);
      })().catch((error: unknown) => reject(error instanceof Error ? error : new Error(String(error))));
    });
  });
}

/** Closes the managers (hangs up their calls, closes the pcs) and lets Chromium settle before the next round. */
async function teardown(managers: CallManager[], streams: MediaStream[]): Promise<void> {
  for (const manager of managers) manager.close();
  stopAll(streams);
  await sleep(50);
}

let callee: Promise<CalleeTimes> | undefined;
/** What `cleanup()` undoes: the manager, transport and streams of this page's side of a two-page round. */
let pending: (() => Promise<void>) | undefined;

/** A manager on BroadcastChannel `name`, torn down by `cleanup()`. */
function broadcastSide(name: string, self: string, peer: string): { manager: CallManager; streams: MediaStream[] } {
  const transport = parley.createBroadcastTransport(name, self, peer);
  const manager = new parley.CallManager();
  manager.addPeer(peer, transport);
  const streams: MediaStream[] = [];
  pending = async () => {
    await teardown([manager], streams);
    transport.close();
  };
  return { manager, streams };
}

const bench: ConnectBench = {
  async memory(media, timeoutMs) {
    const [ta, tb] = parley.createMemoryTransportPair();
    const alice = new parley.CallManager();
    const bob = new parley.CallManager();
    alice.addPeer('bob', ta);
    bob.addPeer('alice', tb);
    const streams: MediaStream[] = [];
    try {
      const calleeDone = acceptNext(bob, media, timeoutMs, () => performance.now(), streams);
      const stream = hasAv(media) ? await userMedia(media) : undefined;
      if (stream) streams.push(stream);
      const start = performance.now();
      const call = alice.call('bob', stream ? { media, stream } : { media });
      const [callerAt, calleeTimes] = await withTimeout(
        Promise.all([whenConnected(call, timeoutMs, () => performance.now()), calleeDone]),
        timeoutMs,
        'memory round',
      );
      return {
        callerMs: callerAt - start,
        calleeMs: calleeTimes.connectedAt - start,
        ...(calleeTimes.calleeGumMs === undefined ? {} : { calleeGumMs: calleeTimes.calleeGumMs }),
      };
    } finally {
      await teardown([alice, bob], streams);
    }
  },

  raw(timeoutMs) {
    return rawHandshake(() => new RTCPeerConnection(), timeoutMs);
  },

  listen(name, media, timeoutMs) {
    const { manager, streams } = broadcastSide(name, 'bob', 'alice');
    callee = acceptNext(manager, media, timeoutMs, epoch, streams);
    // Reported by calleeResult(); until then, keep an early failure from being unhandled.
    callee.catch(() => undefined);
  },

  async calleeResult() {
    if (!callee) throw new Error('listen() first');
    const result = callee;
    callee = undefined;
    return result;
  },

  async place(name, media, timeoutMs) {
    const { manager, streams } = broadcastSide(name, 'alice', 'bob');
    const stream = hasAv(media) ? await userMedia(media) : undefined;
    if (stream) streams.push(stream);
    const startedAt = epoch();
    const call = manager.call('bob', stream ? { media, stream } : { media });
    const connectedAt = await whenConnected(call, timeoutMs, epoch);
    return { startedAt, connectedAt };
  },

  async cleanup() {
    const undo = pending;
    pending = undefined;
    callee = undefined;
    await undo?.();
  },

  clockServer(name) {
    const channel = new BroadcastChannel(name);
    channel.onmessage = ({ data }: MessageEvent<{ ping: number }>) =>
      channel.postMessage({ pong: data.ping, at: epoch() });
  },

  async clockOffset(name, count) {
    const channel = new BroadcastChannel(name);
    let best: ClockSample | undefined;
    try {
      for (let i = 0; i < count; i++) {
        const sent = epoch();
        const reply = await withTimeout(
          new Promise<{ pong: number; at: number }>((resolve) => {
            channel.onmessage = ({ data }: MessageEvent<{ pong: number; at: number }>) => {
              if (data.pong === i) resolve(data);
            };
            channel.postMessage({ ping: i });
          }),
          5000,
          'clock ping',
        );
        const received = epoch();
        const sample = { offsetMs: reply.at - (sent + received) / 2, rttMs: received - sent };
        if (!best || sample.rttMs < best.rttMs) best = sample;
        await sleep(5);
      }
    } finally {
      channel.close();
    }
    if (!best) throw new Error('no clock sample');
    return best;
  },
};

window.connectBench = bench;
window.connectBenchReady = true;
