/**
 * The compact format. Text: base64url (no padding) of bytes; byte 0 is
 * version << 2 | answer << 1 | crlf, so the first character is the version.
 *
 * Version 6 ('G'), for the SDPs the lines model and the dictionary know:
 *   ops        LZ77 ops building the template (see lz.ts), against the dictionary
 *   fields     the packed values of the template's slots, in order (see fields.ts)
 * The template is the SDP with LF line ends (crlf: they were all CRLF) and
 * slots: `$` + a code byte (`$$` is a literal `$`). Code = 0x30 + type * 8 + op.
 *
 * Version 5 ('F'), for anything else: deflate-raw of the SDP's UTF-8 bytes
 * (crlf is 0), so that no text is ever more than 1 byte longer than deflate.
 *
 * Versions 1 to 4 ('B' to 'E': other dictionaries, stored text) are not read.
 */
export const VERSION = 6;
export const VERSION_DEFLATE = 5;
/** Recently used values remembered per field type (references index into it, most recent first). */
export const HISTORY = 64;
export const CODE_BASE = 0x30;
/** Slot operations. */
export const NEW = 0; // a value follows in the fields
export const REF0 = 1; // the most recent value of this type; REF1, REF2 the ones before
export const REFK = 4; // a varint index into the history follows
export const AUTO = 5; // the next candidate foundation: 1, 2, 3… (non-exact mode)
export const DERIVED = 6; // the o= session id, worked out from the first fingerprint (non-exact mode)
/** Largest SDP a compact text may expand to, and the longest compact text read. */
export const MAX_SDP_BYTES = 128 * 1024;
export const MAX_TEXT_LENGTH = 64 * 1024;

/** Moves `value` to the front of a history list, which stays bounded. */
export function remember(h: string[], value: string): void {
  const at = h.indexOf(value);
  if (at >= 0) h.splice(at, 1);
  if (h.unshift(value) > HISTORY) h.pop();
}

/** The o= session id non-exact mode writes: 52 bits of the first DTLS fingerprint, plus one. */
export const derivedSessionId = (fingerprint: string): string =>
  String(parseInt(fingerprint.replace(/:/g, '').slice(0, 13), 16) + 1);

/** What `RTCPeerConnection.localDescription` gives (offer or answer). */
export interface SessionDescription {
  type: 'offer' | 'answer';
  sdp: string;
}

export interface CompactOptions {
  /**
   * Keep the text byte for byte (default false). By default two values that do
   * not change what is negotiated are normalised: the `o=` session id (worked
   * out from the DTLS fingerprint, so that it stays the same across
   * renegotiations of one connection) and candidate foundations (renumbered 1,
   * 2, 3… in order of first use; equal foundations stay equal).
   */
  exact?: boolean;
}
