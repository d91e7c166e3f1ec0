import type { Call } from '@parley/core';
import { ExitCode } from '../exit-codes.js';
import type { IrcOptions } from '../irc-options.js';
import { runIrcSession, type IrcSession } from '../irc-session.js';
import type { CliIo } from '../main.js';

/**
 * `parley listen [--accept-from NICK …]`: stays on IRC, answers capability
 * queries, and takes calls from the allowed nicks, one at a time, each a line
 * chat on stdin/stdout. Ends with stdin (after the call it hangs up), SIGINT,
 * or the loss of the server.
 */
export function listen(io: CliIo, options: IrcOptions): Promise<number> {
  const allowed = options.acceptFrom;
  // Nothing is accepted unless asked for: without --accept-from or --accept-any nobody's call is taken.
  const allow = options.acceptAny
    ? undefined
    : (nick: string, session: IrcSession) => allowed.some((a) => session.sameNick(a, nick));
  return runIrcSession(io, options, { webrtc: true, ...(allow && { allow }) }, (session) => {
    const { out, manager, lines } = session;
    // Once stdin has ended and its lines went to a caller, the listener is done.
    const doneIfInputTaken = (): void => {
      if (!session.chatting && lines.exhausted) session.finish(ExitCode.Ok);
    };
    const take = (call: Call): void => {
      out.emit({ event: 'incoming', from: call.peerId });
      session.follow(call, doneIfInputTaken);
      if (!call.media.includes('data')) {
        out.error(`declined ${call.peerId}'s call (${call.media.join('+')}): parley takes chat calls only`);
        return call.decline();
      }
      call.accept().catch((error: unknown) => out.error(`could not accept ${call.peerId}'s call: ${String(error)}`));
    };
    manager.on('incoming', take);
    // One chat at a time: a second caller hears busy.
    manager.on('call-waiting', ({ call }) => {
      out.emit({ event: 'incoming', from: call.peerId });
      session.follow(call, () => undefined);
      call.decline('busy');
    });
    void lines.ended.then(doneIfInputTaken);
    out.emit({ event: 'listening', nick: session.connection.state.nick ?? options.nick });
    out.hint(
      options.acceptAny
        ? 'Taking calls from anyone (--accept-any). Ctrl-C stops.'
        : allowed.length
          ? `Taking calls from ${allowed.join(', ')}. Ctrl-C stops.`
          : 'Answering capability queries only: take calls with --accept-from NICK (or --accept-any). Ctrl-C stops.',
    );
  });
}
