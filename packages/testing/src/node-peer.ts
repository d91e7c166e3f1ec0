import { RTCPeerConnection as NodeRTCPeerConnection } from 'node-datachannel/polyfill';
import { assertLoopbackOnly } from './netns.js';

/** The standard RTCPeerConnection constructor, implemented by node-datachannel. */
export const NodeRTCPeerConnectionClass = NodeRTCPeerConnection as unknown as typeof globalThis.RTCPeerConnection;

/**
 * A Node WebRTC peer with the standard API (node-datachannel's polyfill).
 * Inside the loopback-only namespace it binds ICE to 127.0.0.1, since
 * node-datachannel gathers no loopback candidate otherwise.
 */
export function createNodePeer(config: RTCConfiguration = {}): RTCPeerConnection {
  assertLoopbackOnly();
  const withBind = { ...config, bindAddress: '127.0.0.1' } as RTCConfiguration;
  return new NodeRTCPeerConnectionClass(withBind);
}
