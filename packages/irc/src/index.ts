export {
  parseIrcLine,
  formatIrcLine,
  escapeTagValue,
  unescapeTagValue,
  MAX_IRC_LINE_BYTES,
  type IrcMessage,
} from './irc-message.js';
export { encodeCtcp, decodeCtcp, isCtcp, CTCP_DELIMITER, type CtcpMessage } from './ctcp.js';
export {
  parseIsupport,
  applyIsupport,
  isupportNumber,
  casemappingOf,
  channelTypes,
  ircLower,
  ircEquals,
  type Isupport,
  type IsupportUpdate,
  type Casemapping,
} from './isupport.js';
export { IrcSessionState, type IrcSessionSnapshot, type IrcSessionEvents } from './session-state.js';
export { utf8Length, splitUtf8 } from './utf8.js';
export {
  textBudget,
  ctcpBudget,
  tagBudget,
  escapedTagLength,
  DEFAULT_LINELEN,
  MAX_CLIENT_TAG_BYTES,
  WORST_CASE_USER_BYTES,
  WORST_CASE_HOST_BYTES,
  type TextBudgetOptions,
} from './line-budget.js';
export {
  encodeDraft,
  encodeDraftSdp,
  decodeDraft,
  isDraftReply,
  WEBRTC_INTENT,
  INTENT_TAGS,
  DRAFT_CAPABILITIES,
  type DraftMessage,
  type ReceivedDraftMessage,
  type EncodeDraftOptions,
} from './draft-codec.js';
export { rawLineIO, type IrcLineIO, type RawLineIO } from './line-io.js';
export { IrcSignaling, type IrcSignalingOptions, type IrcSignalingEvents, type PeerInfo } from './irc-signaling.js';
export {
  JoinLinkInvite,
  JoinLinkError,
  JOIN_LINK_TIMEOUT_MS,
  type JoinLinkInviteOptions,
  type JoinLinkInviteEvents,
  type JoinLinkFailure,
} from './join-link-fallback.js';
export { IrcPeerTransport, type PeerMode } from './irc-peer-transport.js';
export { DraftBridge, type DraftBridgeOptions } from './draft-bridge.js';
export { DEFAULT_FLOOD } from './flood.js';
export { KeyedRateLimiter } from './rate-limiter.js';
export {
  PARLEY_TAG,
  PARLEY_CTCP,
  PARLEY_TOKEN,
  PARLEY_TAGS_TOKEN,
  frameParley,
  unframeParley,
  isControlText,
  type ParleyForm,
} from './parley-framing.js';
export { LineSplitter } from './line-splitter.js';
export {
  registerIrc,
  DEFAULT_CAPS,
  type IrcConnection,
  type LineSocket,
  type RegistrationOptions,
} from './registration.js';
export { connectIrcWebSocket, openWebSocketLineSocket, type WebSocketIrcOptions } from './websocket-line-socket.js';
