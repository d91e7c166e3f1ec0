import { ParleyError, type Call } from '@parley/core';
import { ChatSession } from '../chat-session.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../main.js';
import { nodePeerConnectionFactory } from '../node-webrtc.js';
import type { SessionOptions } from '../options.js';
import { peerBundle, readPeerText } from '../peer-text.js';

/** `parley answer [TEXT]`: reads the offer (argument or first stdin line), prints the answer, then chats. */
export async function answer(io: CliIo, options: SessionOptions, offerText?: string): Promise<number> {
  if (offerText !== undefined) {
    // Checked before anything starts: a bad argument costs nothing.
    try {
      await readPeerText(offerText, 'offer');
    } catch (error) {
      io.stderr(`parley: ${error instanceof Error ? error.message : String(error)}\n`);
      return ExitCode.BadSignal;
    }
  }
  const session = new ChatSession(io, options, await nodePeerConnectionFactory(), 'answer');
  return session.run(async ({ manager, exchange, out, lines }) => {
    const text = offerText ?? (await lines.nextNonEmpty());
    if (text === undefined) throw new ParleyError('bad-encoding', 'stdin ended before the offer came');
    await readPeerText(text, 'offer');
    // Running `parley answer` with this offer is the consent to take the call.
    manager.on('incoming', (call: Call) => {
      session.attach(call);
      call.accept().catch((error: unknown) => session.fail(ExitCode.Error, `could not accept: ${String(error)}`));
    });
    await exchange.receive(await peerBundle(text));
    out.signal('answer', await exchange.nextBundle());
    out.hint('Send this answer to your peer. Connecting…');
  });
}
