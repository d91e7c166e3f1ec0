import { ParleyError } from '@parley/core';
import { ChatSession, PEER } from '../chat-session.js';
import type { CliIo } from '../main.js';
import { nodePeerConnectionFactory } from '../node-webrtc.js';
import type { SessionOptions } from '../options.js';
import { peerBundle, readPeerText } from '../peer-text.js';

/** `parley offer`: prints the offer, reads the answer from stdin, then chats. */
export async function offer(io: CliIo, options: SessionOptions): Promise<number> {
  const session = new ChatSession(io, options, await nodePeerConnectionFactory(), 'offer');
  return session.run(async ({ manager, exchange, out, lines }) => {
    const call = manager.call(PEER, { media: ['data'] });
    session.attach(call);
    out.signal('offer', await exchange.nextBundle());
    out.hint('Send this to your peer, then paste their answer here:');
    const text = await lines.nextNonEmpty();
    if (text === undefined) throw new ParleyError('bad-encoding', 'stdin ended before the answer came');
    const signals = await readPeerText(text, 'answer');
    if (signals.some((s) => 'callId' in s && s.callId !== call.id)) {
      throw new ParleyError('bad-encoding', 'cannot read the answer: it answers another offer');
    }
    await exchange.receive(await peerBundle(text));
    out.hint('Connecting…');
  });
}
