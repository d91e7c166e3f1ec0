import { networkInterfaces } from 'node:os';
import type { PeerConnectionFactory } from '@parley/core';
import type { cleanup } from 'node-datachannel';

/** Set once node-datachannel is loaded (lazily: `--help` need not load a native addon). */
let native: { cleanup: typeof cleanup } | undefined;

/**
 * True when the machine has no network interface but loopback (offline, or a
 * loopback-only namespace). node-datachannel gathers no loopback candidate,
 * so two peers there could never connect without binding to 127.0.0.1.
 */
export function isOffline(interfaces = networkInterfaces()): boolean {
  return Object.values(interfaces).every((addresses) => (addresses ?? []).every((a) => a.internal));
}

/** RTCPeerConnections from node-datachannel; bound to 127.0.0.1 on an offline machine. */
export async function nodePeerConnectionFactory(): Promise<PeerConnectionFactory> {
  const [lib, polyfill] = await Promise.all([import('node-datachannel'), import('node-datachannel/polyfill')]);
  native = lib;
  const logLevel = process.env['PARLEY_WEBRTC_LOG'];
  // On stderr: stdout carries the session.
  if (logLevel) {
    lib.initLogger(logLevel as Parameters<typeof lib.initLogger>[0], (level, message) =>
      process.stderr.write(`webrtc ${level}: ${message}\n`),
    );
  }
  const Ctor = polyfill.RTCPeerConnection as unknown as new (config: RTCConfiguration) => RTCPeerConnection;
  const bindAddress = isOffline() ? '127.0.0.1' : undefined;
  return (config) => new Ctor({ ...config, ...(bindAddress && { bindAddress }) } as RTCConfiguration);
}

/** Stops node-datachannel's threads, which otherwise keep the process alive. Call once, at exit. */
export function shutdownWebRtc(): void {
  native?.cleanup();
  native = undefined;
}
