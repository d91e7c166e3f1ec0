import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, startInspircd, startStaticServer, type InspircdServer, type StaticServer } from '../index.js';
import { printLogsOnFailure } from '../vitest.js';
import { IRC_PAGE_PEER_SCRIPT } from './irc-page-peer.js';

interface SmokeState {
  linesSent: number;
  linesReceived: number;
  inbox: string[];
  log: string[];
}

describe('rig smoke: Chromium ↔ Chromium, signaled through a real InspIRCd', () => {
  let irc: InspircdServer;
  let web: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    [irc, web, browser] = await Promise.all([
      startInspircd({ profile: 'default' }),
      startStaticServer(),
      launchChromium(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await irc?.stop();
  });

  it('opens a DataChannel with offer, answer and candidates carried as IRC messages over WebSocket', async () => {
    printLogsOnFailure(irc);
    const [alice, bob] = await Promise.all([browser.newPage(), browser.newPage()]);
    for (const page of [alice, bob]) {
      await page.goto(web.origin);
      await page.addScriptTag({ content: IRC_PAGE_PEER_SCRIPT });
    }
    const connect = (nick: string, peer: string) =>
      `window.smokeIrc.connect(${JSON.stringify(irc.wsUrl)}, '${nick}', '${peer}')`;
    await Promise.all([alice.evaluate(connect('alice', 'bob')), bob.evaluate(connect('bob', 'alice'))]);

    await alice.evaluate('window.smokeIrc.call()');
    await Promise.all([
      alice.evaluate('window.smokeIrc.waitOpen(20000)'),
      bob.evaluate('window.smokeIrc.waitOpen(20000)'),
    ]);

    await alice.evaluate('window.smokeIrc.send("hello bob")');
    await bob.evaluate('window.smokeIrc.send("hello alice")');
    const inbox = async (page: typeof alice) => ((await page.evaluate('window.smokeIrc.state()')) as SmokeState).inbox;
    await expect.poll(() => inbox(bob)).toEqual(['hello bob']);
    await expect.poll(() => inbox(alice)).toEqual(['hello alice']);

    // The signaling really crossed the IRC server: each side sent its SDP and candidates as lines.
    const a = (await alice.evaluate('window.smokeIrc.state()')) as SmokeState;
    const b = (await bob.evaluate('window.smokeIrc.state()')) as SmokeState;
    expect(a.linesSent).toBeGreaterThan(3);
    expect(b.linesSent).toBeGreaterThan(3);
    expect(irc.log()).not.toContain('RecvQ exceeded');
  });
});
