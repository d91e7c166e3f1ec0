import { decodeCompact } from './decode.js';
import { encodeCompact } from './encode.js';

export type { SessionDescription, CompactOptions } from './types.js';

/**
 * Compact SDP: a session description as short base64url text (for URLs, QR
 * codes, IRC lines) and back. See the README for the format and its guarantees.
 */
export const compactSdp = {
  encode: encodeCompact,
  decode: decodeCompact,
} as const;
