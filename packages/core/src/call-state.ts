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

export const END_REASONS: readonly EndReason[] = [
  'hangup',
  'declined',
  'busy',
  'invite-timeout',
  'connect-timeout',
  'ice-failed',
  'unsupported',
  'answered-elsewhere',
  'peer-gone',
  'error',
];

export function isEndReason(value: unknown): value is EndReason {
  return typeof value === 'string' && (END_REASONS as readonly string[]).includes(value);
}

/** Human-readable text for an end reason, for UIs and chat history. */
export function describeEndReason(reason: EndReason): string {
  switch (reason) {
    case 'hangup':
      return 'Call ended';
    case 'declined':
      return 'Call declined';
    case 'busy':
      return 'Busy';
    case 'invite-timeout':
      return 'No answer';
    case 'connect-timeout':
      return 'Could not connect in time';
    case 'ice-failed':
      return 'Connection failed';
    case 'unsupported':
      return 'Peer does not support this call';
    case 'answered-elsewhere':
      return 'Answered on another device';
    case 'peer-gone':
      return 'Peer left';
    case 'error':
      return 'Call failed';
  }
}
