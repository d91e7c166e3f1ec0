import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createNodePeer, launchChromium, PageRig, startStaticServer, type StaticServer } from '../index.js';

describe('rig smoke: Chromium page ↔ Node peer (node-datachannel)', () => {
  let web: StaticServer;
  let browser: Browser;
  beforeAll(async () => {
    [web, browser] = await Promise.all([startStaticServer(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('exchanges messages both ways over a DataChannel', async () => {
    const page = await browser.newPage();
    await page.goto(web.origin);
    const node = createNodePeer();
    const fromPage: string[] = [];
    const nodeGotChannel = new Promise<RTCDataChannel>((resolve) => {
      node.ondatachannel = (e) => resolve(e.channel);
    });
    // Candidates from the page go straight to the Node peer, and back.
    const chromium = await PageRig.create(page, 'chromium', {}, (json) => {
      const { candidate } = JSON.parse(json) as { candidate: RTCIceCandidateInit | null };
      if (candidate?.candidate) void node.addIceCandidate(candidate);
    });
    node.onicecandidate = (e) => {
      if (e.candidate) void chromium.addCandidate(JSON.stringify({ candidate: e.candidate.toJSON() }));
    };

    const offer = JSON.parse(await chromium.offer()) as RTCSessionDescriptionInit;
    await node.setRemoteDescription(offer);
    await node.setLocalDescription(await node.createAnswer());
    await chromium.accept(JSON.stringify(node.localDescription));

    const channel = await nodeGotChannel;
    channel.onmessage = (e) => fromPage.push(String(e.data));
    await chromium.waitOpen();
    if (channel.readyState !== 'open') await new Promise((r) => channel.addEventListener('open', r, { once: true }));

    await chromium.send('hello node');
    channel.send('hello chromium');
    await expect.poll(() => fromPage).toEqual(['hello node']);
    await expect.poll(() => chromium.messages()).toEqual(['hello chromium']);

    const pair = await chromium.selectedPair();
    expect(pair?.local.address).toBe('127.0.0.1');
    node.close();
  });
});
