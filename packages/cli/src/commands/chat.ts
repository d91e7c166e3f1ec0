import { exitCodeForEnd, ExitCode } from '../exit-codes.js';
import { IRC_DEFAULTS_S, type IrcOptions } from '../irc-options.js';
import { runIrcSession } from '../irc-session.js';
import type { CliIo } from '../main.js';

/** `parley chat --to PEER`: asks what the peer supports, calls it with a DataChannel, then chats. */
export function chat(io: CliIo, options: IrcOptions & { to: string }): Promise<number> {
  const { to } = options;
  return runIrcSession(io, options, { webrtc: true }, async (session) => {
    const { out } = session;
    out.hint(`Asking ${to} what it supports…`);
    const info = await session.discover(to, IRC_DEFAULTS_S.capsTimeout * 1000);
    if (!info) return;
    if (!info.caps.includes('CHAT')) {
      return session.fail(
        ExitCode.Unsupported,
        `${to} supports WebRTC but takes no chat calls (it supports: ${info.caps.join(' ') || 'nothing'})`,
      );
    }
    out.emit({ event: 'calling', peer: info.nick, mode: info.mode });
    const call = await session.signaling.call(to, {
      media: ['data'],
      lifetimeMs: options.ringMs ?? IRC_DEFAULTS_S.ring * 1000,
    });
    session.follow(call, (reason) => session.finish(exitCodeForEnd(reason)));
  });
}
