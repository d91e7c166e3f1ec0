import { CallManager, ParleyError, type Call } from '@parley/core';
import { ManualExchange } from '@parley/core/manual-exchange';
import { describeBundle, type BundleSummary, type InviteRole } from '@parley/invite';

const PEER = 'peer';

/**
 * One call over a one-shot exchange of texts (links, QR codes, files,
 * sound): the offering side makes an offer and later takes the answer; the
 * invited side takes the offer and makes the answer.
 */
export class JoinSession {
  readonly exchange = new ManualExchange();
  readonly manager = new CallManager({
    trickle: false,
    // People carry the texts by hand: give them time.
    inviteLifetimeMs: 30 * 60_000,
    connectTimeoutMs: 10 * 60_000,
    statsIntervalMs: 0,
  });
  call: Call | undefined;
  role: InviteRole | undefined;

  constructor(readonly onCall: (call: Call) => void) {
    // The bundle packs SDPs as compactSdp itself: plain text is the cheapest way to hand them over.
    this.manager.addPeer(PEER, this.exchange, { sdpEncoding: 't' });
  }

  /** Starts a chat call; resolves with the offer bundle to send. */
  async offer(): Promise<string> {
    this.role = 'offer';
    this.call = this.manager.call(PEER, { media: ['data'] });
    this.onCall(this.call);
    return this.exchange.nextBundle();
  }

  /** Takes the call in `offerBundle` (opening the link and pressing Answer is the consent); resolves with the answer bundle. */
  async answer(offerBundle: string): Promise<string> {
    this.role = 'answer';
    this.manager.on('incoming', (call: Call) => {
      this.call = call;
      this.onCall(call);
      void call.accept();
    });
    await this.exchange.receive(offerBundle);
    return this.exchange.nextBundle();
  }

  /** Feeds the peer's answer; rejects with a ParleyError when it is not the answer to this call. */
  async acceptAnswer(answerBundle: string): Promise<void> {
    const summary = await describeBundle(answerBundle);
    if (!summary.ok) throw summary.error;
    checkAnswer(summary.value, this.call);
    await this.exchange.receive(answerBundle);
  }

  close(): void {
    this.manager.close();
  }
}

function checkAnswer(summary: BundleSummary, call: Call | undefined): void {
  if (summary.role !== 'answer') {
    throw new ParleyError('bad-encoding', 'this is an offer, not an answer: open it on another device to answer it');
  }
  if (!call || summary.callId !== call.id) {
    throw new ParleyError('bad-encoding', 'this answer belongs to another call');
  }
}
