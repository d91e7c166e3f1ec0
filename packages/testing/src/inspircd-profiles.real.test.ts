import { afterEach, describe, expect, it } from 'vitest';
import { IrcRawClient } from './irc-raw-client.js';
import { startInspircd, type InspircdServer } from './inspircd.js';
import { printLogsOnFailure } from './vitest.js';

// 16 lines of ~400 bytes in one write: ~6.5 KB, over the default 4 KB RecvQ.
const burst = (target: string) =>
  Array.from({ length: 16 }, (_, i) => `PRIVMSG ${target} :${String(i).padStart(3, '0')} ${'x'.repeat(390)}`);

describe('InspIRCd profiles', () => {
  let irc: InspircdServer | undefined;
  afterEach(async () => {
    await irc?.stop();
    irc = undefined;
  });

  it('default: a 6.5 KB burst gets the client disconnected for flooding, as on real networks', async () => {
    irc = await startInspircd({ profile: 'default' });
    printLogsOnFailure(irc);
    const [alice, bob] = await Promise.all([
      IrcRawClient.connect(irc.port, 'alice'),
      IrcRawClient.connect(irc.port, 'bob'),
    ]);
    alice.sendBurst(burst('bob'));
    await alice.closed;
    expect(alice.lines.some((l) => /RecvQ exceeded/i.test(l))).toBe(true);
    bob.quit();
  });

  it('relaxed: the same burst is relayed whole and at once', async () => {
    irc = await startInspircd({ profile: 'relaxed' });
    printLogsOnFailure(irc);
    const [alice, bob] = await Promise.all([
      IrcRawClient.connect(irc.port, 'alice'),
      IrcRawClient.connect(irc.port, 'bob'),
    ]);
    alice.sendBurst(burst('bob'));
    await bob.waitFor((l) => l.includes(' :015 '), 5000);
    expect(bob.lines.filter((l) => / PRIVMSG bob :\d{3} /.test(l))).toHaveLength(16);
    alice.quit();
    bob.quit();
  });

  it('speaks IRCv3: message-tags with client-only tags on TAGMSG, and WebSocket on its own port', async () => {
    irc = await startInspircd();
    printLogsOnFailure(irc);
    const caps = ['message-tags'];
    const [alice, bob] = await Promise.all([
      IrcRawClient.connect(irc.port, 'alice', { caps }),
      IrcRawClient.connect(irc.port, 'bob', { caps }),
    ]);
    alice.send('@+parley.dev/s=hello TAGMSG bob');
    // InspIRCd sends the target as a trailing parameter: `TAGMSG :bob`.
    const got = await bob.waitFor((l) => / TAGMSG :?bob$/.test(l));
    expect(got).toMatch(/^@[^ ]*\+parley\.dev\/s=hello/);
    expect(irc.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    alice.quit();
    bob.quit();
  });
});
