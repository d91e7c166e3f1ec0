import { createNodePeer, launchChromium, startStaticServer, type StaticServer } from '@parley/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CallManager } from './call-manager.js';
import { inPage, mountHarness, openHarness, type HarnessEvent } from '@parley/testing/page-harness';
import type { SignalTransport } from './transport.js';
import { Listeners } from './transport.js';

const coreDist = new URL('../dist/', import.meta.url).pathname;

interface Decoded {
  framesDecoded: number;
  audioSamples: number;
  videoTracks: number;
}

const events = (page: Page) => inPage<HarnessEvent[]>(page, 'h.events');
const state = (page: Page) => inPage<string>(page, 'h.state()');
const decoded = (page: Page) => inPage<Decoded>(page, 'h.decoded()');

/** Waits until remote video frames keep being decoded (two samples, increasing). */
async function framesFlowing(page: Page): Promise<void> {
  const first = (await decoded(page)).framesDecoded;
  await expect.poll(async () => (await decoded(page)).framesDecoded, { timeout: 15_000 }).toBeGreaterThan(first + 5);
}

describe('@parley/core in Chromium', () => {
  let web: StaticServer;
  let browser: Browser;
  const pages: Page[] = [];

  beforeAll(async () => {
    [web, browser] = await Promise.all([startStaticServer(), launchChromium()]);
    mountHarness(web, coreDist);
  });
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  async function twoPages(): Promise<[Page, Page]> {
    // One browser context: the pages share an origin, so BroadcastChannel connects them.
    const context = await browser.newContext();
    const [a, b] = [await context.newPage(), await context.newPage()];
    pages.push(a, b);
    await Promise.all([openHarness(a, web), openHarness(b, web)]);
    await inPage(a, `h.setup({ selfId: 'alice', peerId: 'bob' })`);
    await inPage(b, `h.setup({ selfId: 'bob', peerId: 'alice' })`);
    return [a, b];
  }

  it('audio+video call over BroadcastChannel: frames decode both ways, mute and camera-off reach the peer, hang-up gives a summary', async () => {
    const [alice, bob] = await twoPages();
    await inPage(bob, `h.autoAccept({ audio: true, video: true })`);
    await inPage(alice, `h.place(['audio', 'video'], { audio: true, video: true })`);
    await expect.poll(() => state(alice), { timeout: 15_000 }).toBe('connected');
    await expect.poll(() => state(bob)).toBe('connected');
    await framesFlowing(alice);
    await framesFlowing(bob);
    await expect.poll(async () => (await decoded(bob)).audioSamples).toBeGreaterThan(0);

    await inPage(alice, 'h.call.setMicMuted(true)');
    await expect
      .poll(async () => (await events(bob)).filter((e) => e.type === 'remotemedia').at(-1))
      .toMatchObject({ micMuted: true, cameraOff: false });
    await inPage(alice, 'h.call.setCameraOff(true)');
    await expect
      .poll(async () => (await events(bob)).filter((e) => e.type === 'remotemedia').at(-1))
      .toMatchObject({ micMuted: true, cameraOff: true });
    // Camera off stops the frames without renegotiating.
    const sdpBefore = await inPage<string>(bob, 'h.call.peerConnection.remoteDescription.sdp');
    await new Promise((r) => setTimeout(r, 1000));
    const frozen = (await decoded(bob)).framesDecoded;
    await new Promise((r) => setTimeout(r, 1000));
    expect((await decoded(bob)).framesDecoded - frozen).toBeLessThan(3);
    expect(await inPage<string>(bob, 'h.call.peerConnection.remoteDescription.sdp')).toBe(sdpBefore);
    await inPage(alice, 'h.call.setCameraOff(false)');
    await framesFlowing(bob);

    await new Promise((r) => setTimeout(r, 300));
    await inPage(alice, 'h.call.hangup()');
    await expect.poll(() => state(bob)).toBe('ended');
    const ended = (await events(bob)).find((e) => e.type === 'ended')!;
    expect(ended).toMatchObject({ reason: 'hangup', direction: 'incoming', media: ['audio', 'video'] });
    expect(ended['durationMs']).toBeGreaterThan(1000);
    expect(ended['endedAt']).toBeGreaterThanOrEqual(ended['connectedAt'] as number);
  });

  it('renegotiation: audio-only upgraded to video, then a screen share added and removed', async () => {
    const [alice, bob] = await twoPages();
    await inPage(bob, `h.autoAccept({ audio: true })`);
    await inPage(alice, `h.place(['audio'], { audio: true })`);
    await expect.poll(() => state(alice), { timeout: 15_000 }).toBe('connected');
    expect((await decoded(bob)).videoTracks).toBe(0);

    await inPage(alice, 'h.addVideo()');
    await expect.poll(async () => (await decoded(bob)).videoTracks, { timeout: 10_000 }).toBe(1);
    await framesFlowing(bob);

    await inPage(alice, 'h.shareScreen()');
    await expect.poll(async () => (await decoded(bob)).videoTracks, { timeout: 10_000 }).toBe(2);
    await expect
      .poll(async () => (await events(bob)).filter((e) => e.type === 'remotemedia').at(-1))
      .toMatchObject({ screenSharing: true });
    await inPage(alice, 'h.stopScreen()');
    await expect
      .poll(async () => (await events(bob)).filter((e) => e.type === 'remotemedia').at(-1))
      .toMatchObject({ screenSharing: false });
    await expect
      .poll(
        async () =>
          (await inPage<Array<{ direction: string }>>(alice, 'h.transceivers()')).filter(
            (t) => t.direction === 'sendrecv' || t.direction === 'sendonly',
          ).length,
      )
      .toBe(2);
    expect(await state(alice)).toBe('connected');
    expect((await events(alice)).filter((e) => e.type === 'warning')).toEqual([]);
  });

  it('glare: 50 rounds of both sides calling at once give exactly one connected call every time', async () => {
    const [alice, bob] = await twoPages();
    for (let round = 0; round < 50; round++) {
      await inPage(alice, `h.setup({ selfId: 'alice', peerId: 'bob', settings: { statsIntervalMs: 0 } })`);
      await inPage(bob, `h.setup({ selfId: 'bob', peerId: 'alice', settings: { statsIntervalMs: 0 } })`);
      // Both place a call in the same task as far as each page is concerned.
      await Promise.all([inPage(alice, `h.place(['data'])`), inPage(bob, `h.place(['data'])`)]);
      await expect.poll(() => state(alice), { timeout: 10_000, interval: 20 }).toBe('connected');
      await expect.poll(() => state(bob), { timeout: 10_000, interval: 20 }).toBe('connected');
      const ids = await Promise.all([inPage<string>(alice, 'h.call.id'), inPage<string>(bob, 'h.call.id')]);
      expect(ids[0]).toBe(ids[1]);
      expect(await inPage<number>(alice, 'h.manager.calls.length')).toBe(1);
      expect(await inPage<number>(bob, 'h.manager.calls.length')).toBe(1);
    }
  });

  it('Chromium ↔ Node: a DataChannel session, messages both ways', async () => {
    const page = await browser.newPage();
    pages.push(page);
    await openHarness(page, web);
    // The page's transport is bridged to this Node process.
    const listeners = new Listeners<string>();
    await page.exposeFunction('__toNode', (text: string) => listeners.emit(text));
    const nodeSide: SignalTransport = {
      maxMessageBytes: Infinity,
      send: (text) =>
        void page.evaluate((t) => (window as unknown as { __fromNode(t: string): void }).__fromNode(t), text),
      onMessage: (handler) => listeners.add(handler),
    };
    await inPage(page, `h.setup({ selfId: 'chromium', peerId: 'node', transport: 'bridge' })`);
    const node = new CallManager({ createPeerConnection: createNodePeer });
    node.addPeer('chromium', nodeSide);
    const incoming = node.once('incoming');
    await inPage(page, `h.place(['data'])`);
    const call = await incoming;
    const received: string[] = [];
    call.on('message', (text) => received.push(text));
    await call.accept();
    await expect.poll(() => state(page), { timeout: 15_000 }).toBe('connected');
    await expect.poll(() => call.state).toBe('connected');
    await inPage(page, `h.call.send('hello node')`);
    call.send('hello chromium');
    await expect.poll(() => received).toEqual(['hello node']);
    await expect
      .poll(async () => (await events(page)).filter((e) => e.type === 'message').map((e) => e['text']))
      .toEqual(['hello chromium']);
    call.hangup();
    await expect.poll(() => state(page)).toBe('ended');
    node.close();
  });
});
