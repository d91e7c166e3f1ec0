import type { Call } from '@parley/core';

/** After the end of input, how long the last messages get to leave before hanging up. */
const FLUSH_MS = 200;
const DRAIN_LIMIT_MS = 5_000;

/** Hangs up `call` once what was sent on its DataChannel has left (at most a few seconds). */
export async function hangupWhenDrained(call: Call): Promise<void> {
  const channel = call.dataChannel;
  const deadline = Date.now() + DRAIN_LIMIT_MS;
  while (channel && channel.readyState === 'open' && channel.bufferedAmount > 0 && Date.now() < deadline) {
    await delay(20);
  }
  await delay(FLUSH_MS);
  call.hangup();
}

/** An error's message, with its cause's (the engine's own words are often the useful part). */
export function describeError(error: Error): string {
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
