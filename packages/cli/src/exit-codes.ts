import type { EndReason } from '@parley/core';

/**
 * Exit codes of the `parley` command. Stable: scripts may rely on them.
 */
export const ExitCode = {
  /** Finished normally (the peer hung up, or stdin ended and the session closed). */
  Ok: 0,
  /** An unexpected error. */
  Error: 1,
  /** Bad usage: unknown command or option, missing argument. */
  Usage: 2,
  /** The peer's text (offer, answer) could not be read. */
  BadSignal: 3,
  /** No connection could be established (ICE failed, or timed out). */
  ConnectFailed: 4,
  /** The peer does not support WebRTC, or declined. */
  Unsupported: 5,
  /** The IRC server could not be reached, refused the registration, or closed the connection. */
  IrcFailed: 6,
  /** Interrupted (SIGINT/SIGTERM). */
  Interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit code for a call that ended with `reason`. */
export function exitCodeForEnd(reason: EndReason): ExitCode {
  switch (reason) {
    case 'hangup':
      return ExitCode.Ok;
    case 'ice-failed':
    case 'connect-timeout':
    case 'invite-timeout':
      return ExitCode.ConnectFailed;
    case 'declined':
    case 'busy':
    case 'unsupported':
      return ExitCode.Unsupported;
    default:
      return ExitCode.Error;
  }
}
