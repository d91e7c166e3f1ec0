/** What `RTCPeerConnection.localDescription` gives (offer or answer). */
export interface SessionDescription {
  type: 'offer' | 'answer';
  sdp: string;
}

export interface CompactOptions {
  /**
   * Keep the text byte for byte (default false). By default two values that do
   * not change what is negotiated are normalised: the `o=` session id (worked
   * out from the DTLS fingerprint, so it stays the same across renegotiations
   * of one connection) and candidate foundations (renumbered 1, 2, 3… in order
   * of first use; equal foundations stay equal).
   */
  exact?: boolean;
}
