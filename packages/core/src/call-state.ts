/**
 * States of one call. A call moves forward only:
 * idle → outgoing | incoming → connecting → connected → ended.
 * `ended` is reachable from every state and carries an {@link EndReason}.
 */
export type CallState = 'idle' | 'outgoing' | 'incoming' | 'connecting' | 'connected' | 'ended';

/** Why a call ended. Stable strings: they travel on the wire and into chat history. */
export type EndReason =
  | 'hangup'
  | 'declined'
  | 'busy'
  | 'invite-timeout'
  | 'connect-timeout'
  | 'ice-failed'
  | 'unsupported'
  | 'answered-elsewhere'
  | 'peer-gone'
  | 'error';

/** Every end reason with its human-readable text: one table, so that the two cannot drift apart. */
const DESCRIPTIONS: Record<EndReason, string> = {
  hangup: 'Call ended',
  declined: 'Call declined',
  busy: 'Busy',
  'invite-timeout': 'No answer',
  'connect-timeout': 'Could not connect in time',
  'ice-failed': 'Connection failed',
  unsupported: 'Peer does not support this call',
  'answered-elsewhere': 'Answered on another device',
  'peer-gone': 'Peer left',
  error: 'Call failed',
};

export const END_REASONS = Object.keys(DESCRIPTIONS) as readonly EndReason[];

export function isEndReason(value: unknown): value is EndReason {
  return (END_REASONS as readonly unknown[]).includes(value);
}

/** Human-readable text for an end reason, for UIs and chat history. */
export function describeEndReason(reason: EndReason): string {
  return DESCRIPTIONS[reason];
}
