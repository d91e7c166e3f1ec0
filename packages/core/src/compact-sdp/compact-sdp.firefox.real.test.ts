import {
  launchChromium,
  launchFirefox,
  startStaticServer,
  type FirefoxBrowser,
  type StaticServer,
} from '@parley/testing';
import type { Browser as ChromiumBrowser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountCompactPeer } from './compact-peer.test-util.js';
import { semantics } from './sdp-semantics.test-util.js';

/** Either browser's page, reduced to what the test needs: run an expression, close. */
interface AnyPage {
  run<T>(expression: string): Promise<T>;
}

describe('compactSdp between Chromium and Firefox (descriptions cross only as compact text)', () => {
  let web: StaticServer;
  let chromium: ChromiumBrowser;
  let firefox: FirefoxBrowser;

  beforeAll(async () => {
    [web, chromium, firefox] = await Promise.all([startStaticServer(), launchChromium(), launchFirefox()]);
    mountCompactPeer(web);
  });
  afterAll(async () => {
    await firefox?.close();
    await chromium?.close();
    await web?.close();
  });

  async function pages(): Promise<{ chrome: AnyPage; fox: AnyPage; close: () => Promise<void> }> {
    const c = await chromium.newPage();
    const f = await firefox.newPage();
    await Promise.all([c.goto(`${web.origin}/peer`), f.goto(`${web.origin}/peer`)]);
    await Promise.all([c.waitForFunction('window.peerReady === true'), f.waitForFunction('window.peerReady === true')]);
    return {
      chrome: { run: <T>(e: string) => c.evaluate(e) as Promise<T> },
      fox: { run: <T>(e: string) => f.evaluate(e) as Promise<T> },
      close: async () => {
        await c.close();
        await f.close();
      },
    };
  }

  async function call(offerer: AnyPage, answerer: AnyPage, options: { media: boolean; data: boolean }) {
    await offerer.run(`p.start(${JSON.stringify(options)})`);
    await answerer.run(`p.start(${JSON.stringify(options)})`);
    const offer = await offerer.run<string>('p.offer()');
    const answer = await answerer.run<string>(`p.remote(${JSON.stringify(offer)})`);
    await offerer.run(`p.remote(${JSON.stringify(answer)})`);
    for (const text of [offer, answer]) expect(text).toMatch(/^G[A-Za-z0-9_-]+$/);
    expect(semantics(await answerer.run<string>('p.decoded'))).toEqual(
      semantics(await offerer.run<string>('p.original')),
    );
    expect(semantics(await offerer.run<string>('p.decoded'))).toEqual(
      semantics(await answerer.run<string>('p.original')),
    );
  }

  async function messagesFlow(a: AnyPage, b: AnyPage): Promise<void> {
    for (const page of [a, b]) {
      await expect.poll(() => page.run<{ dc: string }>('p.state()'), { timeout: 15_000 }).toMatchObject({ dc: 'open' });
    }
    await a.run(`p.channel.send('from a')`);
    await b.run(`p.channel.send('from b')`);
    await expect.poll(() => b.run<string[]>('p.messages')).toEqual(['from a']);
    await expect.poll(() => a.run<string[]>('p.messages')).toEqual(['from b']);
  }

  it('Chromium offers audio+video+DataChannel, Firefox answers: messages both ways, video frames decode both ways', async () => {
    const { chrome, fox, close } = await pages();
    await call(chrome, fox, { media: true, data: true });
    await messagesFlow(chrome, fox);
    for (const page of [chrome, fox]) {
      await expect
        .poll(async () => (await page.run<{ frames: number }>('p.frames()')).frames, { timeout: 15_000 })
        .toBeGreaterThan(10);
    }
    await close();
  });

  it('Firefox offers a DataChannel, Chromium answers: messages both ways', async () => {
    const { chrome, fox, close } = await pages();
    await call(fox, chrome, { media: false, data: true });
    await messagesFlow(fox, chrome);
    await close();
  });
});
