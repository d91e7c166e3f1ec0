/* eslint-disable no-control-regex -- CTCP lines hold \x01 */
import { CallManager } from '@parley/core';
import {
  createNodePeer,
  launchChromium,
  startInspircd,
  startStaticServer,
  type InspircdServer,
  type StaticServer,
} from '@parley/testing';
import { inPage, mountHarness, openHarness } from '@parley/testing/page-harness';
import { printLogsOnFailure } from '@parley/testing/vitest';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectIrc } from './adapters/node-connection.js';
import { IrcSignaling } from './irc-signaling.js';

const coreDist = new URL('../../core/dist/', import.meta.url).pathname;
const ircDist = new URL('../dist/', import.meta.url).pathname;
const inviteDist = new URL('../../invite/dist/', import.meta.url).pathname;

interface SentLine {
  line: string;
  at: number;
}

const state = (page: Page) => inPage<string>(page, 'h.state()');
const frames = async (page: Page) => (await inPage<{ framesDecoded: number }>(page, 'h.decoded()')).framesDecoded;
/** Signaling lines a page sent (Parley tags or CTCP), without the discovery query and its answer. */
const signalingLines = async (page: Page) =>
  (await inPage<SentLine[]>(page, 'h.sent')).filter(
    ({ line }) => /\+parley\.dev\/s=|\x01PARLEY /.test(line) && !/HANGUP/.test(line),
  );

describe('IRC signaling in Chromium, through InspIRCd (default flood profile) over WebSocket', () => {
  let irc: InspircdServer;
  let web: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    [irc, web, browser] = await Promise.all([
      startInspircd({ profile: 'default' }),
      startStaticServer(),
      launchChromium(),
    ]);
    mountHarness(web, coreDist, { irc: ircDist, invite: inviteDist });
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await irc?.stop();
  });

  async function page(nick: string, peerId: string): Promise<Page> {
    const p = await (await browser.newContext()).newPage();
    await openHarness(p, web);
    await inPage(p, `h.setupIrc({ url: ${JSON.stringify(irc.wsUrl)}, nick: '${nick}', peerId: '${peerId}' })`);
    return p;
  }

  it('audio+video between two pages: frames decode both ways, in a few lines each way', async () => {
    printLogsOnFailure(irc);
    const [alice, bob] = await Promise.all([page('alicew', 'bobw'), page('bobw', 'alicew')]);
    try {
      await inPage(bob, `h.autoAccept({ audio: true, video: true })`);
      await inPage(alice, `h.placeIrc(['audio', 'video'], { audio: true, video: true })`);
      await expect.poll(() => state(alice), { timeout: 15_000 }).toBe('connected');
      await expect.poll(() => state(bob)).toBe('connected');
      await expect.poll(() => frames(alice), { timeout: 15_000 }).toBeGreaterThan(10);
      await expect.poll(() => frames(bob), { timeout: 15_000 }).toBeGreaterThan(10);
      const setupMs = (await inPage<number>(alice, 'h.connectedAt')) - (await inPage<number>(alice, 'h.startedAt'));
      const [a, b] = [await signalingLines(alice), await signalingLines(bob)];
      console.log(
        `IRC A/V call: connected in ${setupMs} ms (from discovery); lines alice→bob ${a.length}, bob→alice ${b.length};` +
          ` bytes ${a.reduce((n, l) => n + l.line.length, 0)} / ${b.reduce((n, l) => n + l.line.length, 0)}`,
      );
      // The target: an audio+video call in at most 4 lines each way (besides discovery).
      expect(a.length).toBeLessThanOrEqual(4);
      expect(b.length).toBeLessThanOrEqual(4);
      // Every line fits what the server relays: tags within 4094 bytes, the rest within 512.
      for (const { line } of [...a, ...b]) expect(line.length).toBeLessThan(4094 + 512);
      expect(await inPage<boolean>(alice, 'h.connection.closed')).toBe(false);
      expect(await inPage<boolean>(bob, 'h.connection.closed')).toBe(false);
    } finally {
      await alice.close();
      await bob.close();
    }
  });

  it('glare over IRC: both pages call at once, three rounds, exactly one call each time on both sides', async () => {
    const [alice, bob] = await Promise.all([page('aliceg', 'bobg'), page('bobg', 'aliceg')]);
    try {
      for (let round = 0; round < 3; round++) {
        await Promise.all([inPage(alice, `h.placeIrc(['data'])`), inPage(bob, `h.placeIrc(['data'])`)]);
        await expect.poll(() => state(alice), { timeout: 15_000 }).toBe('connected');
        await expect.poll(() => state(bob), { timeout: 15_000 }).toBe('connected');
        expect(await inPage<string>(alice, 'h.call.id')).toBe(await inPage<string>(bob, 'h.call.id'));
        expect(await inPage<number>(alice, 'h.manager.calls.length')).toBe(1);
        expect(await inPage<number>(bob, 'h.manager.calls.length')).toBe(1);
        await inPage(alice, 'h.call.hangup()');
        await expect.poll(() => state(bob)).toBe('ended');
      }
      expect(await inPage<boolean>(alice, 'h.connection.closed')).toBe(false);
      expect(await inPage<boolean>(bob, 'h.connection.closed')).toBe(false);
    } finally {
      await alice.close();
      await bob.close();
    }
  });

  it('a Chromium page (WebSocket) and a Node peer (TCP) connect a DataChannel over IRC', async () => {
    const connection = await connectIrc({ url: irc.ircUrl, nick: 'nodepeer' });
    const manager = new CallManager({ createPeerConnection: createNodePeer, statsIntervalMs: 0 });
    const signaling = new IrcSignaling({ io: connection, manager });
    const browserPage = await page('pagepeer', 'nodepeer');
    try {
      const got: string[] = [];
      manager.on('incoming', (call) => {
        call.on('message', (text) => {
          got.push(text);
          call.send(`echo: ${text}`);
        });
        void call.accept();
      });
      await inPage(browserPage, `h.placeIrc(['data'])`);
      await expect.poll(() => state(browserPage), { timeout: 15_000 }).toBe('connected');
      await inPage(browserPage, `h.call.send('hello from chromium')`);
      await expect.poll(() => got).toEqual(['hello from chromium']);
      await expect
        .poll(
          async () =>
            (await inPage<Array<{ type: string; text?: string }>>(browserPage, 'h.events')).find(
              (e) => e.type === 'message',
            )?.text,
        )
        .toBe('echo: hello from chromium');
    } finally {
      await browserPage.close();
      signaling.close();
      manager.close();
      await connection.quit();
    }
  });
});
