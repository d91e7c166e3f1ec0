import type { Page } from 'playwright-core';

/**
 * Plain-JS helpers installed in a Chromium page, so that tests drive real
 * RTCPeerConnections there through a small typed API (see {@link PageRig}).
 * Kept as a string: code passed to a page must not depend on a bundler's helpers.
 */
export const PAGE_RIG_SCRIPT = String.raw`
(() => {
  const pcs = new Map(), channels = new Map(), inbox = new Map(), openWaiters = new Map();
  function bind(id, ch) {
    channels.set(id, ch);
    ch.onmessage = (e) => inbox.get(id).push(String(e.data));
    const opened = new Promise((resolve, reject) => {
      if (ch.readyState === 'open') return resolve();
      ch.addEventListener('open', () => resolve(), { once: true });
      ch.addEventListener('error', (e) => reject(new Error('datachannel error: ' + (e.error && e.error.message))), { once: true });
    });
    openWaiters.get(id).resolve(opened);
  }
  window.parleyRig = {
    create(id, config) {
      const pc = new RTCPeerConnection(config);
      pcs.set(id, pc);
      inbox.set(id, []);
      let resolve; const p = new Promise((r) => (resolve = r));
      openWaiters.set(id, { promise: p.then((x) => x), resolve });
      pc.onicecandidate = (e) => window.parleyRigSignal && window.parleyRigSignal(id, JSON.stringify({ candidate: e.candidate ? e.candidate.toJSON() : null }));
      pc.ondatachannel = (e) => bind(id, e.channel);
    },
    async offer(id) {
      const pc = pcs.get(id);
      bind(id, pc.createDataChannel('smoke'));
      await pc.setLocalDescription();
      return JSON.stringify(pc.localDescription);
    },
    async answer(id, offer) {
      const pc = pcs.get(id);
      await pc.setRemoteDescription(JSON.parse(offer));
      await pc.setLocalDescription();
      return JSON.stringify(pc.localDescription);
    },
    async accept(id, answer) { await pcs.get(id).setRemoteDescription(JSON.parse(answer)); },
    async addCandidate(id, json) {
      const { candidate } = JSON.parse(json);
      await pcs.get(id).addIceCandidate(candidate || undefined);
    },
    async waitOpen(id, timeoutMs) {
      const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('datachannel did not open in ' + timeoutMs + ' ms; ice: ' + pcs.get(id).iceConnectionState)), timeoutMs));
      await Promise.race([openWaiters.get(id).promise.then((p) => p), timeout]);
    },
    send(id, text) { channels.get(id).send(text); },
    messages(id) { return inbox.get(id).slice(); },
    async selectedPair(id) {
      const stats = await pcs.get(id).getStats();
      let pair;
      stats.forEach((s) => {
        if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId);
      });
      if (!pair) stats.forEach((s) => { if (!pair && s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated) pair = s; });
      if (!pair) return null;
      const pick = (c) => ({ type: c.candidateType, protocol: c.protocol, address: c.address, relayProtocol: c.relayProtocol });
      return { local: pick(stats.get(pair.localCandidateId)), remote: pick(stats.get(pair.remoteCandidateId)) };
    },
    close(id) { pcs.get(id) && pcs.get(id).close(); },
  };
})();
`;

export interface CandidatePairInfo {
  local: { type: string; protocol: string; address: string; relayProtocol?: string };
  remote: { type: string; protocol: string; address: string; relayProtocol?: string };
}

/** Typed handle on one RTCPeerConnection living in a Chromium page. */
export class PageRig {
  constructor(
    readonly page: Page,
    readonly id: string,
  ) {}

  /** Installs the helpers and makes a peer; `onSignal` gets each local candidate as JSON text. */
  static async create(
    page: Page,
    id: string,
    config: RTCConfiguration,
    onSignal?: (json: string) => void,
  ): Promise<PageRig> {
    const installed = await page.evaluate('typeof window.parleyRig === "object"');
    if (!installed) {
      await page.exposeFunction('parleyRigSignal', (peerId: string, json: string) =>
        handlers.get(page)?.get(peerId)?.(json),
      );
      await page.addScriptTag({ content: PAGE_RIG_SCRIPT });
    }
    if (!handlers.has(page)) handlers.set(page, new Map());
    if (onSignal) handlers.get(page)!.set(id, onSignal);
    const rig = new PageRig(page, id);
    await rig.call('create', config);
    return rig;
  }

  offer(): Promise<string> {
    return this.call('offer');
  }
  answer(offer: string): Promise<string> {
    return this.call('answer', offer);
  }
  accept(answer: string): Promise<void> {
    return this.call('accept', answer);
  }
  addCandidate(json: string): Promise<void> {
    return this.call('addCandidate', json);
  }
  waitOpen(timeoutMs = 15_000): Promise<void> {
    return this.call('waitOpen', timeoutMs);
  }
  send(text: string): Promise<void> {
    return this.call('send', text);
  }
  messages(): Promise<string[]> {
    return this.call('messages');
  }
  selectedPair(): Promise<CandidatePairInfo | null> {
    return this.call('selectedPair');
  }
  close(): Promise<void> {
    return this.call('close');
  }

  private call<T>(method: string, arg?: unknown): Promise<T> {
    return this.page.evaluate(
      ([m, id, a]) => {
        const fn = (window as unknown as RigWindow).parleyRig[m];
        if (!fn) throw new Error(`parleyRig has no method ${m}`);
        return fn(id, a) as Promise<unknown>;
      },
      [method, this.id, arg] as const,
    ) as Promise<T>;
  }
}

const handlers = new WeakMap<Page, Map<string, (json: string) => void>>();

interface RigWindow {
  parleyRig: Record<string, (id: string, arg?: unknown) => unknown>;
}
