import { afterEach, beforeEach, describe, it, expect, vi } from 'vitest';
import { PacedSender } from './paced-sender.js';

/** Lets the microtasks of queued sends run without moving the clock. */
async function flush(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
}

describe('PacedSender', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the burst at once, then one message per second', async () => {
    const sent: string[] = [];
    const sender = new PacedSender({ burst: 3, perSecond: 1 }, (text) => {
      sent.push(text);
    });
    sender.enqueue(['m1', 'm2', 'm3', 'm4', 'm5', 'm6'], 'bulk');
    // Sends happen in a microtask, not synchronously.
    expect(sent).toEqual([]);
    expect(sender.queued).toBe(3);
    await Promise.resolve();
    expect(sent).toEqual(['m1', 'm2', 'm3']);

    await vi.advanceTimersByTimeAsync(999);
    expect(sent).toEqual(['m1', 'm2', 'm3']);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(sender.queued).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6']);
    expect(sender.queued).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('with a byte budget, waits for bytes as well as messages', async () => {
    const sent: string[] = [];
    const rate = { burst: 10, perSecond: 10, bytes: { burst: 100, perSecond: 50 } };
    const sender = new PacedSender(rate, (text) => void sent.push(text));
    sender.enqueue(['a'.repeat(60), 'b'.repeat(60), 'c'.repeat(10)], 'bulk');
    await flush();
    expect(sent.map((t) => t[0])).toEqual(['a']);
    // 40 bytes left; 'b' needs 60: 20 more bytes at 50 B/s is 400 ms.
    await vi.advanceTimersByTimeAsync(399);
    expect(sent.map((t) => t[0])).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent.map((t) => t[0])).toEqual(['a', 'b']);
    // 0 bytes left; 'c' needs 10: 200 ms.
    await vi.advanceTimersByTimeAsync(200);
    expect(sent.map((t) => t[0])).toEqual(['a', 'b', 'c']);
  });

  it('a text larger than the byte burst goes alone once the byte bucket is full', async () => {
    const sent: string[] = [];
    const sender = new PacedSender(
      { burst: 10, perSecond: 10, bytes: { burst: 100, perSecond: 100 } },
      (text) => void sent.push(text),
    );
    sender.enqueue(['x'.repeat(50), 'y'.repeat(300), 'z'], 'bulk');
    await flush();
    expect(sent.map((t) => t[0])).toEqual(['x']);
    await vi.advanceTimersByTimeAsync(500);
    expect(sent.map((t) => t[0])).toEqual(['x', 'y']);
    // The big one emptied the bucket (and more): 'z' waits for it to refill.
    await vi.advanceTimersByTimeAsync(500);
    expect(sent.map((t) => t[0])).toEqual(['x', 'y']);
    await vi.advanceTimersByTimeAsync(2_100);
    expect(sent.map((t) => t[0])).toEqual(['x', 'y', 'z']);
  });

  it('counts UTF-8 bytes, not characters', async () => {
    const sent: string[] = [];
    const sender = new PacedSender(
      { burst: 10, perSecond: 10, bytes: { burst: 10, perSecond: 1 } },
      (text) => void sent.push(text),
    );
    sender.enqueue(['ééé', 'éé'], 'bulk'); // 6 bytes, then 4 bytes
    await flush();
    expect(sent).toEqual(['ééé', 'éé']);
    sender.enqueue(['é'], 'bulk'); // 2 bytes, bucket at 0
    await flush();
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sent).toHaveLength(3);
  });

  it('paces at perSecond after the burst', async () => {
    const sent: string[] = [];
    const sender = new PacedSender({ burst: 1, perSecond: 4 }, (text) => void sent.push(text));
    sender.enqueue(['a', 'b', 'c', 'd'], 'bulk');
    await flush();
    expect(sent).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(250);
    expect(sent).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(249);
    expect(sent).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual(['a', 'b', 'c']);
    await vi.advanceTimersByTimeAsync(250);
    expect(sent).toEqual(['a', 'b', 'c', 'd']);
  });

  it('sends control messages queued later before queued bulk', async () => {
    const sent: string[] = [];
    const sender = new PacedSender({ burst: 3, perSecond: 1 }, (text) => void sent.push(text));
    sender.enqueue(['b1', 'b2', 'b3', 'b4', 'b5'], 'bulk');
    await flush();
    expect(sent).toEqual(['b1', 'b2', 'b3']);
    sender.enqueue(['c1', 'c2'], 'control');
    await flush();
    // No budget left: the control messages wait too, but go first.
    expect(sent).toEqual(['b1', 'b2', 'b3']);
    expect(sender.queued).toBe(4);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual(['b1', 'b2', 'b3', 'c1']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual(['b1', 'b2', 'b3', 'c1', 'c2']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent).toEqual(['b1', 'b2', 'b3', 'c1', 'c2', 'b4', 'b5']);
  });

  it('sends control before bulk enqueued in the same tick when budget is short', async () => {
    const sent: string[] = [];
    const sender = new PacedSender({ burst: 1, perSecond: 10 }, (text) => void sent.push(text));
    sender.enqueue(['first'], 'bulk');
    sender.enqueue(['bulk1', 'bulk2'], 'bulk');
    sender.enqueue(['ctl'], 'control');
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual(['first', 'ctl', 'bulk1', 'bulk2']);
  });

  it('clear() drops everything queued and stops the timer', async () => {
    const sent: string[] = [];
    const sender = new PacedSender({ burst: 3, perSecond: 1 }, (text) => void sent.push(text));
    sender.enqueue(['m1', 'm2', 'm3', 'm4', 'm5', 'm6'], 'bulk');
    sender.enqueue(['c1'], 'control');
    await flush();
    expect(sent).toEqual(['m1', 'm2', 'm3']);
    expect(sender.queued).toBe(4);
    sender.clear();
    expect(sender.queued).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent).toEqual(['m1', 'm2', 'm3']);
    // Still usable afterwards, with the budget refilled.
    sender.enqueue(['later'], 'bulk');
    await flush();
    expect(sent).toEqual(['m1', 'm2', 'm3', 'later']);
  });

  it('refills the budget while idle, but never beyond the burst', async () => {
    const sent: string[] = [];
    const sender = new PacedSender({ burst: 3, perSecond: 1 }, (text) => void sent.push(text));
    sender.enqueue(['a1', 'a2', 'a3'], 'bulk');
    await flush();
    expect(sent).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(60_000);
    sender.enqueue(['b1', 'b2', 'b3', 'b4', 'b5'], 'bulk');
    await flush();
    expect(sent).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(7);
  });

  it('partially refilled budget: one message after a second of quiet', async () => {
    const sent: string[] = [];
    const sender = new PacedSender({ burst: 3, perSecond: 1 }, (text) => void sent.push(text));
    sender.enqueue(['a1', 'a2', 'a3'], 'bulk');
    await flush();
    await vi.advanceTimersByTimeAsync(1000);
    sender.enqueue(['b1', 'b2'], 'bulk');
    await flush();
    expect(sent).toEqual(['a1', 'a2', 'a3', 'b1']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual(['a1', 'a2', 'a3', 'b1', 'b2']);
  });

  it('sends everything at once, in order, without a rate', async () => {
    const sent: string[] = [];
    const sender = new PacedSender(undefined, (text) => void sent.push(text));
    const texts = Array.from({ length: 500 }, (_, i) => `m${i}`);
    sender.enqueue(texts, 'bulk');
    sender.enqueue(['ctl'], 'control');
    expect(sender.queued).toBe(0);
    await Promise.resolve();
    expect(sent).toEqual([...texts, 'ctl']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('calls onError for a send that throws or rejects, and keeps sending', async () => {
    const sent: string[] = [];
    const errors: unknown[] = [];
    const thrown = new Error('sync failure');
    const rejected = new Error('async failure');
    const sender = new PacedSender(
      { burst: 2, perSecond: 1 },
      (text) => {
        if (text === 'throw') throw thrown;
        if (text === 'reject') return Promise.reject(rejected);
        sent.push(text);
        return undefined;
      },
      (error) => errors.push(error),
    );
    sender.enqueue(['throw', 'a', 'reject', 'b', 'c'], 'bulk');
    await flush();
    expect(sent).toEqual(['a']);
    expect(errors).toEqual([thrown]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(errors).toEqual([thrown, rejected]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent).toEqual(['a', 'b', 'c']);
    expect(errors).toEqual([thrown, rejected]);
  });

  it('swallows send errors without an onError', async () => {
    const sent: string[] = [];
    const sender = new PacedSender(undefined, (text) => {
      if (text === 'bad') throw new Error('nope');
      sent.push(text);
    });
    sender.enqueue(['bad', 'good'], 'control');
    await flush();
    expect(sent).toEqual(['good']);
  });

  it('awaits nothing: a slow async send does not hold back the next one', async () => {
    const started: string[] = [];
    const sender = new PacedSender(undefined, (text) => {
      started.push(text);
      return new Promise<void>((resolve) => setTimeout(resolve, 5000));
    });
    sender.enqueue(['x', 'y', 'z'], 'bulk');
    await flush();
    expect(started).toEqual(['x', 'y', 'z']);
    await vi.advanceTimersByTimeAsync(5000);
  });
});
