import { decodeCompact } from './decode.js';
import { encodeCompact } from './encode.js';

export type { SessionDescription, CompactOptions } from './format.js';

/**
 * Compact SDP: a session description as short base64url text (for links, QR
 * codes, chat lines) and back, never more than 1 byte longer than deflate.
 * Both are async (deflate is a platform stream) and never reject: `decode`
 * gives a typed error (`bad-encoding`, or `unsupported` for a format version
 * it does not know). See the README for the format and its guarantees.
 */
export const compactSdp = {
  encode: encodeCompact,
  decode: decodeCompact,
} as const;
