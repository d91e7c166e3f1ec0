export { PROTOCOL_VERSION } from './version.js';
export { type CallState, type EndReason, END_REASONS, isEndReason, describeEndReason } from './call-state.js';
export { ParleyError, type ParleyErrorCode, type Result, ok, fail } from './errors.js';
export type {
  Signal,
  SignalType,
  SignalErrorCode,
  MediaKind,
  MediaState,
  Capability,
  WireCandidate,
} from './signal.js';
export { isControlSignal } from './signal.js';
export { encodeSignal, decodeSignal, MAX_SIGNAL_LENGTH, type EncodeOptions } from './signal-codec.js';
export { splitMessage, ChunkAssembler, type ChunkAssemblerOptions } from './chunking.js';
export { PacedSender, type Priority } from './paced-sender.js';
export { Listeners, type SignalTransport, type SendRate } from './transport.js';
export { MemoryTransport, createMemoryTransportPair, type MemoryTransportOptions } from './memory-transport.js';
export {
  PortTransport,
  createBroadcastTransport,
  type MessageEndpoint,
  type PortTransportOptions,
} from './port-transport.js';
export { SignalChannel, type SignalChannelOptions } from './signal-channel.js';
export { Call, type CallEvents, type LocalMedia } from './call.js';
export { CallManager, type CallManagerOptions, type CallManagerEvents, type PlaceCallOptions } from './call-manager.js';
export type { CallSettings, PeerConnectionFactory } from './call-options.js';
export type { CallSummary, CallStats } from './call-summary.js';
export { ParleyEvent, TypedEventTarget } from './typed-events.js';
export { toBase64Url, fromBase64Url } from './base64url.js';
export { compactSdp, type SessionDescription, type CompactOptions } from './compact-sdp/index.js';
export { randomId } from './ids.js';
