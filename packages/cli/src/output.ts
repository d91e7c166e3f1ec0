import { describeEndReason, type EndReason } from '@parley/core';
import { createInviteLink } from '@parley/invite';
import { renderQr, toTerminal } from '@parley/invite/qr';
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
  | { event: 'offer' | 'answer'; text: string; link?: string }
  | { event: 'connected' }
  | { event: 'message'; text: string }
  | { event: 'ended'; reason: EndReason };

/** How this side's text is shown: as a join link on `linkBase`, and/or as a QR code on stderr. */
export interface ShareOptions {
  qr?: boolean;
  linkBase?: string | undefined;
}

export function createOutput(io: CliIo, json: boolean, share: ShareOptions = {}): Output {
  const error = (text: string): void => io.stderr(`parley: ${text}\n`);
  /** The join link for `text`, when asked for; the QR code goes to stderr (it is for people). */
  const present = (kind: 'offer' | 'answer', text: string): string | undefined => {
    const link =
      share.linkBase === undefined ? undefined : createInviteLink(text, { base: share.linkBase, role: kind });
    if (link && !link.ok) error(link.error.message);
    const shown = link?.ok ? link.value : undefined;
    if (share.qr) {
      const qr = renderQr(shown ?? text);
      if (qr.ok) io.stderr(toTerminal(qr.value));
      else error(`no QR code: ${qr.error.message}`);
    }
    return shown;
  };
  if (json) {
    const emit = (event: OutputEvent): void => io.stdout(`${JSON.stringify(event)}\n`);
    return {
      signal: (event, text) => {
        const link = present(event, text);
        emit(link === undefined ? { event, text } : { event, text, link });
      },
      connected: () => emit({ event: 'connected' }),
      message: (text) => emit({ event: 'message', text }),
      ended: (reason) => emit({ event: 'ended', reason }),
      hint: () => undefined,
      error,
    };
  }
  return {
    signal: (kind, text) => {
      const link = present(kind, text);
      io.stdout(`${link ?? text}\n`);
    },
    connected: () => io.stderr('Connected. Type lines to send them; end with Ctrl-D.\n'),
    message: (text) => io.stdout(`${text}\n`),
    ended: (reason) => io.stderr(`${describeEndReason(reason)} (${reason}).\n`),
    hint: (text) => io.stderr(`${text}\n`),
    error,
  };
}
