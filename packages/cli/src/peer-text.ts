import { decodeSignal, ParleyError, type Signal } from '@parley/core';
import { decodeBundle } from '@parley/core/manual-exchange';
import { readInvite } from '@parley/invite';

/**
 * The bundle in what the peer sent: a bare bundle, a join link
 * (`https://…/join/#offer/…`) or a `web+parley:` link. Text that holds no
 * invite is returned as it is, for the bundle decoder to say what is wrong.
 */
export async function peerBundle(text: string): Promise<string> {
  const invite = await readInvite(text);
  return invite.ok ? invite.value.bundle : text;
}

/**
 * Reads a peer's offer or answer text before it goes to the exchange, so that
 * a wrong paste gets a clear message instead of a call that never connects.
 * Rejects with a ParleyError `bad-encoding`.
 */
export async function readPeerText(text: string, expected: 'offer' | 'answer'): Promise<Signal[]> {
  try {
    return await check(text, expected);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ParleyError('bad-encoding', `cannot read the ${expected}: ${why}`, { cause: error });
  }
}

async function check(text: string, expected: 'offer' | 'answer'): Promise<Signal[]> {
  const bundle = await decodeBundle(await peerBundle(text));
  if (!bundle.ok) throw bundle.error;
  const signals: Signal[] = [];
  for (const line of bundle.value) {
    const signal = await decodeSignal(line);
    if (!signal.ok) throw new ParleyError('bad-encoding', `it holds an unreadable signal (${signal.error.message})`);
    signals.push(signal.value);
  }
  const sdp = signals.find((s) => s.type === 'sdp');
  const kind = sdp?.type === 'sdp' ? sdp.kind : undefined;
  if (kind === expected && (expected === 'answer' || signals.some((s) => s.type === 'invite'))) return signals;
  if (kind === 'offer')
    throw new ParleyError('bad-encoding', "this is an offer, not an answer: give it to 'parley answer'");
  if (kind === 'answer')
    throw new ParleyError('bad-encoding', "this is an answer, not an offer: paste it into 'parley offer'");
  throw new ParleyError('bad-encoding', `it holds no ${expected}`);
}
