import { ManualExchange } from '@parley/core/manual-exchange';
import { JOIN_LINK_TIMEOUT_MS, JoinLinkError, JoinLinkInvite } from '@parley/irc';
import { exitCodeForEnd, ExitCode } from '../exit-codes.js';
import { IRC_DEFAULTS_S, type IrcOptions } from '../irc-options.js';
import { runIrcSession, type IrcSession } from '../irc-session.js';
import type { CliIo } from '../main.js';

/**
 * `parley chat --to PEER`: asks what the peer supports, calls it with a
 * DataChannel, then chats. With `--join-link BASE`, a peer whose client
 * cannot take the call gets a link to the join page instead.
 */
export function chat(io: CliIo, options: IrcOptions & { to: string }): Promise<number> {
  const { to } = options;
  return runIrcSession(io, options, { webrtc: true }, async (session) => {
    const { out } = session;
    out.hint(`Asking ${to} what it supports…`);
    const info = await session.probe(to, IRC_DEFAULTS_S.capsTimeout * 1000);
    const unsupported = (why: string, online: boolean): Promise<void> | void => {
      // A person on any IRC client can open the join page in a browser (one who is not on IRC cannot).
      if (options.joinLink === undefined || !online) return session.fail(ExitCode.Unsupported, why);
      out.hint(`${why}.`);
      return joinLinkFallback(session, options.joinLink, to);
    };
    if ('why' in info) return unsupported(info.why, info.online);
    if (!info.caps.includes('CHAT')) {
      const caps = info.caps.join(' ') || 'nothing';
      return unsupported(`${to} supports WebRTC but takes no chat calls (it supports: ${caps})`, true);
    }
    out.emit({ event: 'calling', peer: info.nick, mode: info.mode });
    const call = await session.signaling.call(to, {
      media: ['data'],
      lifetimeMs: options.ringMs ?? IRC_DEFAULTS_S.ring * 1000,
    });
    session.follow(call, (reason) => session.finish(exitCodeForEnd(reason)));
  });
}

/**
 * The fallback: the offer as a join-page link in one PRIVMSG, then the answer
 * link the page shows, pasted back into the query, then the chat.
 */
async function joinLinkFallback(session: IrcSession, base: string, to: string): Promise<void> {
  const manager = session.manualManager();
  const exchange = new ManualExchange();
  manager.addPeer(to, exchange);
  manager.on('signal-error', ({ error }) =>
    session.out.emit({ event: 'signal-error', nick: to, code: error.code, message: error.message }),
  );
  const invite = new JoinLinkInvite({
    signaling: session.signaling,
    manager,
    exchange,
    nick: to,
    base,
    timeoutMs: session.options.ringMs ?? JOIN_LINK_TIMEOUT_MS,
  });
  invite.on('ignored', ({ nick, error }) => session.out.hint(`Not the answer from ${nick}: ${error.message}.`));
  invite.on('answered', ({ nick }) => session.out.hint(`Got the answer from ${nick}; connecting…`));
  let sent: Awaited<ReturnType<JoinLinkInvite['send']>>;
  try {
    sent = await invite.send();
  } catch (error) {
    if (!(error instanceof JoinLinkError)) throw error;
    return session.fail(error.reason === 'too-long' ? ExitCode.Error : ExitCode.ConnectFailed, error.message);
  }
  session.out.emit({ event: 'fallback', peer: to, link: sent.link });
  // Its end (no answer in time: invite-timeout, exit 4) is printed and ends the session as any call's.
  session.follow(sent.call, (reason) => session.finish(exitCodeForEnd(reason)));
  try {
    await invite.connected;
  } catch (error) {
    // The call ended too, and said why; what is left is to tell a person.
    if (error instanceof JoinLinkError && error.reason !== 'ended') session.out.hint(`${error.message}.`);
  }
}
