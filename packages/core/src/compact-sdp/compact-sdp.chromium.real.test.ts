import { launchChromium, startStaticServer, type StaticServer } from '@parley/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountCompactPeer } from './compact-peer.test-util.js';
import { semantics } from './sdp-semantics.test-util.js';

const inPage = <T>(page: Page, expression: string): Promise<T> => page.evaluate(expression) as Promise<T>;

describe('compactSdp between two Chromium pages (descriptions cross only as compact text)', () => {
  let web: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startStaticServer(), launchChromium()]);
    mountCompactPeer(web);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  async function connect(options: { media: boolean; data: boolean }) {
    const context = await browser.newContext();
    const [alice, bob] = [await context.newPage(), await context.newPage()];
    for (const page of [alice, bob]) {
      page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
      await page.goto(`${web.origin}/peer`);
      await page.waitForFunction('window.peerReady === true');
      await inPage(page, `p.start(${JSON.stringify(options)})`);
    }
    const offer = await inPage<string>(alice, 'p.offer()');
    const answer = await inPage<string>(bob, `p.remote(${JSON.stringify(offer)})`);
    await inPage(alice, `p.remote(${JSON.stringify(answer)})`);
    // What crossed is base64url text only, and each side got an SDP that negotiates what the other wrote.
    for (const text of [offer, answer]) expect(text).toMatch(/^G[A-Za-z0-9_-]+$/);
    for (const [from, to] of [
      [alice, bob],
      [bob, alice],
    ] as const) {
      const [original, decoded] = await Promise.all([
        inPage<string>(from, 'p.original'),
        inPage<string>(to, 'p.decoded'),
      ]);
      expect(original).toMatch(/^a=candidate:/m);
      expect(semantics(decoded)).toEqual(semantics(original));
    }
    return { alice, bob, offer, answer, close: () => context.close() };
  }

  it('DataChannel: connects and carries messages both ways', async () => {
    const { alice, bob, offer, answer, close } = await connect({ media: false, data: true });
    expect(offer.length).toBeLessThan(200);
    expect(answer.length).toBeLessThan(200);
    await expect
      .poll(() => inPage<{ dc: string }>(alice, 'p.state()'), { timeout: 15_000 })
      .toMatchObject({ dc: 'open' });
    await expect.poll(() => inPage<{ dc: string }>(bob, 'p.state()')).toMatchObject({ dc: 'open' });
    await inPage(alice, `p.channel.send('hello bob')`);
    await inPage(bob, `p.channel.send('hello alice')`);
    await expect.poll(() => inPage<string[]>(bob, 'p.messages')).toEqual(['hello bob']);
    await expect.poll(() => inPage<string[]>(alice, 'p.messages')).toEqual(['hello alice']);
    await close();
  });

  it('audio+video: connects and video frames and Opus audio packets keep arriving both ways', async () => {
    const { alice, bob, offer, close } = await connect({ media: true, data: false });
    expect(offer.length).toBeLessThan(400);
    for (const page of [alice, bob]) {
      const first = (await inPage<{ frames: number }>(page, 'p.frames()')).frames;
      await expect
        .poll(async () => (await inPage<{ frames: number }>(page, 'p.frames()')).frames, { timeout: 15_000 })
        .toBeGreaterThan(first + 10);
      await expect
        .poll(async () => (await inPage<{ audioPackets: number }>(page, 'p.frames()')).audioPackets, {
          timeout: 10_000,
        })
        .toBeGreaterThan(50);
    }
    await close();
  });
});
