import { describeEndReason, type EndReason } from '@parley/core';
import type { PeerInfo } from '@parley/irc';
import type { CliIo } from './main.js';

/** What `parley listen`, `caps` and `chat` print: plain text for people, or one JSON object per line. */
export type IrcEvent =
  | { event: 'listening'; nick: string }
  | { event: 'capabilities'; nick: string; caps: string[]; mode: PeerInfo['mode'] }
  | { event: 'calling'; peer: string; mode: PeerInfo['mode'] }
  | { event: 'fallback'; peer: string; link: string }
  | { event: 'incoming'; from: string }
  | { event: 'connected'; peer: string }
  | { event: 'message'; from: string; text: string }
  | { event: 'ended'; peer: string; reason: EndReason }
  | { event: 'blocked'; nick: string; reason: 'policy' | 'rate-limit' }
  | { event: 'signal-error'; nick: string; code: string; message: string }
  | { event: 'disconnected'; reason: string };

export interface IrcOutput {
  emit(event: IrcEvent): void;
  /** Guidance for people, on stderr; not printed in JSON mode. */
  hint(text: string): void;
  /** A problem; always on stderr. */
  error(text: string): void;
}

export function createIrcOutput(io: CliIo, json: boolean): IrcOutput {
  const error = (text: string): void => io.stderr(`parley: ${text}\n`);
  if (json) {
    return {
      emit: (event) => io.stdout(`${JSON.stringify(event)}\n`),
      hint: () => undefined,
      error,
    };
  }
  const hint = (text: string): void => io.stderr(`${text}\n`);
  return { emit: (event) => printPlain(event, io, hint, error), hint, error };
}

function printPlain(event: IrcEvent, io: CliIo, hint: (text: string) => void, error: (text: string) => void): void {
  switch (event.event) {
    case 'listening':
      return hint(`Listening as ${event.nick}.`);
    case 'capabilities':
      return io.stdout(`${event.nick}: ${event.caps.join(' ')} (mode: ${event.mode})\n`);
    case 'calling':
      return hint(`Calling ${event.peer}…`);
    case 'fallback':
      return hint(
        `Sent ${event.peer} a link to the join page:\n${event.link}\nWaiting for ${event.peer} to open it and send the answer link back…`,
      );
    case 'incoming':
      return hint(`${event.from} is calling.`);
    case 'connected':
      return hint(`Connected to ${event.peer}. Type lines to send them; end with Ctrl-D.`);
    case 'message':
      return io.stdout(`${event.text}\n`);
    case 'ended':
      return hint(`${describeEndReason(event.reason)} (${event.reason}, ${event.peer}).`);
    case 'blocked':
      return hint(
        event.reason === 'policy'
          ? `Blocked a call from ${event.nick}: not in --accept-from.`
          : `Ignored ${event.nick}: too many requests.`,
      );
    case 'signal-error':
      return error(`ignored an unreadable signal from ${event.nick}: ${event.message}`);
    case 'disconnected':
      return undefined; // the exit message says it
  }
}
