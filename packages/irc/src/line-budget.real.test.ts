import { IrcRawClient, startInspircd, type InspircdServer } from '@parley/testing';
import { printLogsOnFailure } from '@parley/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectIrc } from './adapters/node-connection.js';
import { decodeCtcp, encodeCtcp } from './ctcp.js';
import { parseIrcLine, type IrcMessage } from './irc-message.js';
import { ctcpBudget, escapedTagLength, MAX_CLIENT_TAG_BYTES, tagBudget, textBudget } from './line-budget.js';
import type { IrcConnection } from './registration.js';
import { isupportNumber } from './isupport.js';

/**
 * The byte maths checked against a real InspIRCd 3: a message of exactly the
 * budget arrives whole, one byte more is cut (or refused, for tags).
 */
describe('line budget against InspIRCd', () => {
  let irc: InspircdServer;
  let alice: IrcConnection;
  let bob: IrcRawClient;

  beforeAll(async () => {
    // Relaxed flood control: these tests send many long lines on purpose.
    irc = await startInspircd({ profile: 'relaxed' });
    [alice, bob] = await Promise.all([
      connectIrc({ url: irc.ircUrl, nick: 'alice' }),
      IrcRawClient.connect(irc.port, 'bob', { caps: ['message-tags'] }),
    ]);
  });
  afterAll(async () => {
    await alice.quit();
    bob.quit();
    await irc.stop();
  });

  /** Sends `text` to bob as `command` and returns what bob got, parsed. */
  async function relay(command: 'PRIVMSG' | 'NOTICE', text: string): Promise<IrcMessage> {
    const from = bob.lines.length;
    alice.send(`${command} bob :${text}`);
    const line = await bob.waitFor((l) => bob.lines.lastIndexOf(l) >= from && l.includes(` ${command} bob :`));
    const parsed = parseIrcLine(line);
    if (!parsed.ok) throw parsed.error;
    return parsed.value;
  }

  const options = (command: 'PRIVMSG' | 'NOTICE') => ({
    selfPrefix: alice.state.selfPrefix ?? 'alice',
    command,
    target: 'bob',
    linelen: isupportNumber(alice.state.isupport, 'LINELEN', 512),
  });

  it.each(['PRIVMSG', 'NOTICE'] as const)('%s: the budget arrives whole, one byte more is cut', async (command) => {
    printLogsOnFailure(irc);
    const budget = textBudget(options(command));
    // No ident server here, so no `~`: the prefix is learned, not guessed.
    expect(alice.state.selfPrefix).toBe('alice!alice@127.0.0.1');
    expect(budget).toBe(510 - `:alice!alice@127.0.0.1 ${command} bob :`.length);
    const whole = await relay(command, 'x'.repeat(budget));
    expect(whole.params[1]).toHaveLength(budget);
    const cut = await relay(command, 'y'.repeat(budget + 1));
    expect(cut.params[1]).toHaveLength(budget);
  });

  it('the worst case for an unknown user@host is safe', async () => {
    const worst = textBudget({ ...options('PRIVMSG'), selfPrefix: 'alice' });
    expect(worst).toBeLessThan(textBudget(options('PRIVMSG')));
    const got = await relay('PRIVMSG', 'w'.repeat(worst));
    expect(got.params[1]).toHaveLength(worst);
  });

  it('multi-byte text: the budget counts bytes, and a cut may split a character', async () => {
    const budget = textBudget(options('PRIVMSG'));
    const text = `${'x'.repeat(budget - 3 * 10)}${'€'.repeat(10)}`;
    expect(new TextEncoder().encode(text).length).toBe(budget);
    expect((await relay('PRIVMSG', text)).params[1]).toBe(text);
    // One more € (3 bytes) ends 3 bytes over: the server cuts bytes, leaving invalid UTF-8 (U+FFFD here).
    const over = await relay('PRIVMSG', `${text}€`);
    expect(over.params[1]?.startsWith(text)).toBe(true);
    expect(over.params[1]).not.toBe(`${text}€`);
  });

  it('CTCP: params of exactly ctcpBudget keep the closing \\x01; one byte more loses it', async () => {
    const budget = ctcpBudget(options('PRIVMSG'));
    const params = (n: number) => `SDP a=${'z'.repeat(n - 6)}`;
    // The budget covers `WEBRTC ` too: it is everything between the two \x01.
    const inner = (n: number) => params(n - 'WEBRTC '.length);
    const whole = decodeCtcp((await relay('PRIVMSG', encodeCtcp('WEBRTC', inner(budget)))).params[1] ?? '');
    expect(whole).toEqual({ command: 'WEBRTC', params: inner(budget), truncated: false });
    const cut = decodeCtcp((await relay('PRIVMSG', encodeCtcp('WEBRTC', inner(budget + 1)))).params[1] ?? '');
    expect(cut).toEqual({ command: 'WEBRTC', params: inner(budget + 1), truncated: true });
  });

  it(`TAGMSG: ${MAX_CLIENT_TAG_BYTES} bytes of client tag data are relayed, one more gets 417`, async () => {
    printLogsOnFailure(irc);
    const key = '+parley.dev/s';
    const room = tagBudget(key);
    // Spaces escape to two bytes; the budget counts escaped bytes.
    const value = (bytes: number) => `a b;${'v'.repeat(bytes - escapedTagLength('a b;'))}`;
    expect(escapedTagLength(value(room))).toBe(room);
    alice.send(
      `@${key}=${value(room + 1)
        .replace(/ /g, '\\s')
        .replace(/;/g, '\\:')} TAGMSG bob`,
    );
    const refused = await new Promise<string>((resolve) => {
      const off = alice.onLine((line) => {
        if (/ 417 /.test(line)) {
          off();
          resolve(line);
        }
      });
    });
    expect(refused).toMatch(/ 417 alice :/);
    alice.send(`@${key}=${value(room).replace(/ /g, '\\s').replace(/;/g, '\\:')} TAGMSG bob`);
    const got = await bob.waitFor((l) => / TAGMSG :?bob$/.test(l));
    const parsed = parseIrcLine(got);
    expect(parsed.ok && parsed.value.tags[key]).toBe(value(room));
    expect(bob.lines.filter((l) => / TAGMSG :?bob$/.test(l))).toHaveLength(1);
  });
});
