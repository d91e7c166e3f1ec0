import { describeEndReason, type EndReason } from '@parley/core';
import type { CliIo } from './main.js';

/** What a session prints: plain text for people, or one JSON object per line for scripts. */
export interface Output {
  /** This side's offer or answer text, to send to the peer. */
  signal(kind: 'offer' | 'answer', text: string): void;
  connected(): void;
  message(text: string): void;
  ended(reason: EndReason): void;
  /** Guidance for people; not printed in JSON mode. */
  hint(text: string): void;
  /** A problem; always on stderr. */
  error(text: string): void;
}

export type OutputEvent =
  | { event: 'offer' | 'answer'; text: string }
  | { event: 'connected' }
  | { event: 'message'; text: string }
  | { event: 'ended'; reason: EndReason };

export function createOutput(io: CliIo, json: boolean): Output {
  const error = (text: string): void => io.stderr(`parley: ${text}\n`);
  if (json) {
    const emit = (event: OutputEvent): void => io.stdout(`${JSON.stringify(event)}\n`);
    return {
      signal: (event, text) => emit({ event, text }),
      connected: () => emit({ event: 'connected' }),
      message: (text) => emit({ event: 'message', text }),
      ended: (reason) => emit({ event: 'ended', reason }),
      hint: () => undefined,
      error,
    };
  }
  return {
    signal: (_kind, text) => io.stdout(`${text}\n`),
    connected: () => io.stderr('Connected. Type lines to send them; end with Ctrl-D.\n'),
    message: (text) => io.stdout(`${text}\n`),
    ended: (reason) => io.stderr(`${describeEndReason(reason)} (${reason}).\n`),
    hint: (text) => io.stderr(`${text}\n`),
    error,
  };
}
