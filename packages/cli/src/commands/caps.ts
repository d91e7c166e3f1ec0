import { ExitCode } from '../exit-codes.js';
import { IRC_DEFAULTS_S, type IrcOptions } from '../irc-options.js';
import { runIrcSession } from '../irc-session.js';
import type { CliIo } from '../main.js';

/** `parley caps --to PEER`: prints what the peer's client supports (the draft's CAPABILITIES query). */
export function caps(io: CliIo, options: IrcOptions & { to: string }): Promise<number> {
  const timeoutMs = options.timeoutMs ?? IRC_DEFAULTS_S.capsTimeout * 1000;
  return runIrcSession(io, options, { webrtc: false }, async (session) => {
    const info = await session.discover(options.to, timeoutMs);
    if (!info) return;
    session.out.emit({ event: 'capabilities', nick: info.nick, caps: info.caps, mode: info.mode });
    session.finish(ExitCode.Ok);
  });
}
