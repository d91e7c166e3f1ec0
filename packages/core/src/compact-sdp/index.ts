import { decodeCompact } from './decode.js';
import { encodeCompact } from './encode.js';

export type { SessionDescription, CompactOptions } from './format.js';

/**
 * Compact SDP: a session description as short base64url text (for links, QR
 * codes, chat lines) and back. `encode` never throws; `decode` never throws
 * and gives a typed error (`bad-encoding`, or `unsupported` for a format
 * version it does not know). See the README for the format and its guarantees.
 */
export const compactSdp = {
  encode: encodeCompact,
  decode: decodeCompact,
} as const;
