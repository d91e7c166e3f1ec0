/** Version of Parley's signaling protocol, advertised as `PARLEY/<n>`. */
export const PROTOCOL_VERSION = 1;

export { type CallState, type EndReason, END_REASONS, isEndReason, describeEndReason } from './call-state.js';
