import { rawLineIO, type RawLineIO } from './line-io.js';
import { formatIrcLine, parseIrcLine } from './irc-message.js';

/**
 * A tiny stand-in for an IRC server, for unit tests of logic: relays
 * PRIVMSG / NOTICE / TAGMSG between registered nicks with the sender's
 * prefix, drops client tags for clients without `message-tags` (and TAGMSG
 * entirely), as InspIRCd does. Real-server behaviour is tested against
 * InspIRCd in the `*.real.test.ts` files.
 */
export class FakeIrcNetwork {
  readonly #clients = new Map<string, { io: RawLineIO; tags: boolean; sent: string[] }>();

  join(nick: string, options: { tags?: boolean } = {}): RawLineIO & { sent: string[] } {
    const sent: string[] = [];
    const tags = options.tags ?? true;
    const io = rawLineIO({
      send: (line) => {
        sent.push(line);
        this.#relay(nick, line);
      },
      initial: { nick, userhost: `${nick}@example.test`, caps: tags ? ['message-tags'] : [] },
    });
    this.#clients.set(nick.toLowerCase(), { io, tags, sent });
    return Object.assign(io, { sent });
  }

  /** Delivers a raw line to `nick` as if the server sent it. */
  deliver(nick: string, line: string): void {
    this.#clients.get(nick.toLowerCase())?.io.feed(line);
  }

  /** Tells everyone that `nick` quit. */
  quit(nick: string): void {
    this.#clients.delete(nick.toLowerCase());
    for (const { io } of this.#clients.values()) io.feed(`:${nick}!${nick}@example.test QUIT :Quit: bye`);
  }

  #relay(from: string, line: string): void {
    const parsed = parseIrcLine(line);
    if (!parsed.ok) return;
    const { command, params, tags } = parsed.value;
    if (command !== 'PRIVMSG' && command !== 'NOTICE' && command !== 'TAGMSG') return;
    const target = this.#clients.get((params[0] ?? '').toLowerCase());
    if (!target) return;
    const clientTags = Object.fromEntries(Object.entries(tags).filter(([key]) => key.startsWith('+')));
    if (command === 'TAGMSG' && !target.tags) return;
    const out = formatIrcLine({ tags: target.tags ? clientTags : {}, command, params });
    target.io.feed(out.replace(/^(@\S+ )?/, (t) => `${t}:${from}!${from}@example.test `));
  }
}
