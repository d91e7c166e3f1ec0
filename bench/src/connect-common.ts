/**
 * Helpers shared by both sides of the connect benchmark: connect.ts (Node)
 * and connect-page.ts (bundled into the page).
 */
import type { Call } from '@parley/core';

/**
 * Resolves with `clock()` read when `call` reaches `connected`; rejects if it
 * ends first or takes longer than `timeoutMs`. Attach it before the call can
 * connect: right after `manager.call()`, or in the `incoming` handler.
 */
export function whenConnected(call: Call, timeoutMs: number, clock: () => number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`${call.direction} call still ${call.state} after ${timeoutMs} ms`));
    }, timeoutMs);
    const off = call.on('statechange', ({ state, reason }) => {
      if (state === 'connected') {
        const at = clock();
        clearTimeout(timer);
        off();
        resolve(at);
      } else if (state === 'ended') {
        clearTimeout(timer);
        off();
        reject(new Error(`${call.direction} call ended (${reason ?? 'no reason'}) before connecting`));
      }
    });
  });
}

/** `promise`, or a rejection naming `what` after `timeoutMs`. */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no result after ${timeoutMs} ms`)), timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One round, in ms from the start (`manager.call()`, or creating the raw pcs). */
export interface RoundTimes {
  callerMs: number;
  calleeMs: number;
  /** The callee's getUserMedia, inside the measured time (audio+video only). */
  calleeGumMs?: number;
}

/** Adds remote candidates once the remote description is set, queueing those that arrive earlier. */
class CandidateInbox {
  readonly #pc: RTCPeerConnection;
  #queue: RTCIceCandidateInit[] | undefined = [];
  constructor(pc: RTCPeerConnection) {
    this.#pc = pc;
  }
  add(candidate: RTCIceCandidateInit): void {
    if (this.#queue) this.#queue.push(candidate);
    else void this.#pc.addIceCandidate(candidate).catch(() => undefined);
  }
  async ready(): Promise<void> {
    const queued = this.#queue ?? [];
    this.#queue = undefined;
    for (const candidate of queued) await this.#pc.addIceCandidate(candidate).catch(() => undefined);
  }
}

function opened(channel: RTCDataChannel): Promise<number> {
  if (channel.readyState === 'open') return Promise.resolve(performance.now());
  return new Promise((resolve) => channel.addEventListener('open', () => resolve(performance.now()), { once: true }));
}

/**
 * The baseline: two RTCPeerConnections made by `createPc`, trickle candidates
 * handed over directly, one DataChannel. Times from creating the pcs (then
 * createOffer at once) until the DataChannel is open on each side.
 */
export async function rawHandshake(createPc: () => RTCPeerConnection, timeoutMs: number): Promise<RoundTimes> {
  const start = performance.now();
  const pc1 = createPc();
  const pc2 = createPc();
  try {
    const inbox1 = new CandidateInbox(pc1);
    const inbox2 = new CandidateInbox(pc2);
    const wire = ({ candidate, sdpMid, sdpMLineIndex }: RTCIceCandidate): RTCIceCandidateInit => ({
      candidate,
      sdpMid,
      sdpMLineIndex,
    });
    pc1.onicecandidate = ({ candidate }) => {
      if (candidate?.candidate) inbox2.add(wire(candidate));
    };
    pc2.onicecandidate = ({ candidate }) => {
      if (candidate?.candidate) inbox1.add(wire(candidate));
    };
    const open1 = opened(pc1.createDataChannel('bench'));
    const open2 = new Promise<number>((resolve) => {
      pc2.ondatachannel = ({ channel }) => resolve(opened(channel));
    });
    const offer = await pc1.createOffer();
    await pc1.setLocalDescription(offer);
    await pc2.setRemoteDescription(offer);
    await inbox2.ready();
    const answer = await pc2.createAnswer();
    await pc2.setLocalDescription(answer);
    await pc1.setRemoteDescription(answer);
    await inbox1.ready();
    const [callerAt, calleeAt] = await withTimeout(Promise.all([open1, open2]), timeoutMs, 'raw round');
    return { callerMs: callerAt - start, calleeMs: calleeAt - start };
  } finally {
    pc1.close();
    pc2.close();
    await sleep(50);
  }
}
