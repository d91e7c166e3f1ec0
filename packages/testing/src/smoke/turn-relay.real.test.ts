import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  launchChromium,
  PageRig,
  startCoturn,
  startStaticServer,
  type StaticServer,
  type TurnServer,
} from '../index.js';
import { printLogsOnFailure } from '../vitest.js';

describe('rig smoke: relay-only DataChannel through a real coturn', () => {
  let web: StaticServer;
  let browser: Browser;
  let turn: TurnServer;
  beforeAll(async () => {
    [web, browser, turn] = await Promise.all([startStaticServer(), launchChromium(), startCoturn()]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await turn?.stop();
  });

  it('connects with iceTransportPolicy relay, and getStats shows a relay↔relay pair', async () => {
    printLogsOnFailure(turn);
    const config: RTCConfiguration = { iceServers: [turn.iceServer], iceTransportPolicy: 'relay' };
    const [pageA, pageB] = await Promise.all([browser.newPage(), browser.newPage()]);
    await Promise.all([pageA.goto(web.origin), pageB.goto(web.origin)]);
    // Each side's candidates are relayed to the other as soon as they trickle in.
    const peers: Record<'a' | 'b', PageRig | undefined> = { a: undefined, b: undefined };
    const early: Record<'a' | 'b', string[]> = { a: [], b: [] };
    const deliver = (to: 'a' | 'b', json: string): void => {
      const peer = peers[to];
      if (peer) void peer.addCandidate(json).catch(() => early[to].push(json));
      else early[to].push(json);
    };
    const seen: string[] = [];
    peers.a = await PageRig.create(pageA, 'a', config, (json) => {
      seen.push(json);
      deliver('b', json);
    });
    peers.b = await PageRig.create(pageB, 'b', config, (json) => deliver('a', json));

    const answer = await peers.b.answer(await peers.a.offer());
    await peers.a.accept(answer);
    for (const side of ['a', 'b'] as const)
      for (const json of early[side].splice(0)) await peers[side]!.addCandidate(json);

    await Promise.all([peers.a.waitOpen(), peers.b.waitOpen()]);
    await peers.a.send('through the relay');
    await expect.poll(() => peers.b!.messages()).toEqual(['through the relay']);

    const pair = await peers.a.selectedPair();
    expect(pair?.local.type).toBe('relay');
    expect(pair?.remote.type).toBe('relay');
    // Only relay candidates were ever offered.
    const types = seen
      .map((j) => (JSON.parse(j) as { candidate: { candidate?: string } | null }).candidate?.candidate ?? '')
      .filter(Boolean);
    expect(types.length).toBeGreaterThan(0);
    for (const c of types) expect(c).toContain(' typ relay');
  });
});
