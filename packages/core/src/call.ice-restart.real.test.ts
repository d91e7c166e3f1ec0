import { launchChromium, startCoturn, startStaticServer, type StaticServer, type TurnServer } from '@parley/testing';
import { printLogsOnFailure } from '@parley/testing/vitest';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inPage, mountHarness, openHarness, type HarnessEvent } from '@parley/testing/page-harness';

const coreDist = new URL('../dist/', import.meta.url).pathname;

const framesDecoded = async (page: Page) =>
  (await inPage<{ framesDecoded: number }>(page, 'h.decoded()')).framesDecoded;

describe('ICE restart through real relays', () => {
  let web: StaticServer;
  let browser: Browser;
  let turnA: TurnServer;
  let turnB: TurnServer;

  beforeAll(async () => {
    [web, browser, turnA, turnB] = await Promise.all([
      startStaticServer(),
      launchChromium(),
      startCoturn({ realm: 'a.parley.test' }),
      startCoturn({ realm: 'b.parley.test' }),
    ]);
    mountHarness(web, coreDist);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await turnA?.stop();
    await turnB?.stop();
  });

  it('a relay-only call through coturn A keeps running after A is killed and B is offered', async () => {
    printLogsOnFailure(turnA, turnB);
    const context = await browser.newContext();
    const [alice, bob] = [await context.newPage(), await context.newPage()];
    await Promise.all([openHarness(alice, web), openHarness(bob, web)]);
    const settings = JSON.stringify({ iceServers: [turnA.iceServer], relayOnly: true, iceRestartGraceMs: 500 });
    await inPage(alice, `h.setup({ selfId: 'alice', peerId: 'bob', settings: ${settings} })`);
    await inPage(bob, `h.setup({ selfId: 'bob', peerId: 'alice', settings: ${settings} })`);
    await inPage(bob, `h.autoAccept({ video: true })`);
    await inPage(alice, `h.place(['video'], { video: true })`);
    await expect.poll(() => inPage(alice, 'h.state()'), { timeout: 15_000 }).toBe('connected');
    const before = await framesDecoded(bob);
    await expect.poll(() => framesDecoded(bob), { timeout: 10_000 }).toBeGreaterThan(before + 5);
    expect(await inPage(alice, 'h.pair()')).toMatchObject({
      local: 'relay',
      remote: 'relay',
      url: expect.stringContaining(`:${turnA.port}`),
    });

    const killedAt = Date.now();
    await turnA.kill();
    // The host learns that relay A is gone and offers B (as an app would from its config).
    const servers = JSON.stringify([turnB.iceServer]);
    await inPage(alice, `h.call.setIceServers(${servers})`);
    await inPage(bob, `h.call.setIceServers(${servers})`);

    // Media flows again.
    const stalled = await framesDecoded(bob);
    await expect.poll(() => framesDecoded(bob), { timeout: 30_000, interval: 200 }).toBeGreaterThan(stalled + 10);
    const recoveredMs = Date.now() - killedAt;
    console.log(`ICE restart: media flowing again ${recoveredMs} ms after relay A was killed`);
    expect(await inPage(alice, 'h.state()')).toBe('connected');
    // Now through relay B.
    expect(await inPage(alice, 'h.pair()')).toMatchObject({
      local: 'relay',
      remote: 'relay',
      url: expect.stringContaining(`:${turnB.port}`),
    });
    const aliceEvents = await inPage<HarnessEvent[]>(alice, 'h.events');
    expect(aliceEvents.filter((e) => e.type === 'ended')).toEqual([]);
    await inPage(alice, 'h.call.hangup()');
  });
});
