import { decodeSignal, encodeSignal, randomId, ParleyError, type Signal } from '@parley/core';
import type { DraftMessage } from './draft-codec.js';

/** Longest SDP accepted line by line, and the most lines. */
const MAX_SDP_BYTES = 64 * 1024;
const MAX_SDP_LINES = 512;

export interface DraftBridgeOptions {
  /** Sends draft messages to the peer, in order. */
  send(messages: DraftMessage[]): void;
  /** Delivers a core signal line, as if the peer had sent it. */
  deliver(text: string): void;
  /** Bad input from the peer (dropped). */
  onError(error: ParleyError): void;
  /**
   * An SDP whose next line is this late is dropped (default 30 s). Counted per
   * line, not for the whole SDP: at a line a second an audio+video SDP takes minutes.
   */
  sdpTimeoutMs?: number;
}

/**
 * Translates between the core's signals and the 2015 draft for one peer.
 * The draft has no call ids, no media kinds, no hang-up and no mute state:
 * one call at a time, an offer is taken as audio+video, and what the draft
 * cannot say is not sent. SDPs go line by line between SDP-START and SDP-END.
 */
export class DraftBridge {
  readonly #options: DraftBridgeOptions;
  /** The call the draft messages belong to. */
  #callId: string | undefined;
  /** We sent an offer: the next SDP from the peer is its answer (the draft does not say). */
  #awaitingAnswer = false;
  /** First media id seen, for the draft's candidates that carry none. */
  #mid = '0';
  #sdp: { lines: string[]; bytes: number; timer: ReturnType<typeof setTimeout> } | undefined;
  /** The SDP under way was dropped (too big, too slow): its remaining lines are ignored quietly. */
  #discarding = false;
  #chain: Promise<void> = Promise.resolve();

  constructor(options: DraftBridgeOptions) {
    this.#options = options;
  }

  /** A core signal line from our side: translated, in order (decoding may inflate). */
  fromCore(text: string): void {
    this.#chain = this.#chain.then(async () => {
      const decoded = await decodeSignal(text);
      if (!decoded.ok) return this.#options.onError(decoded.error);
      const messages = this.#toDraft(decoded.value);
      if (messages.length) this.#options.send(messages);
    });
  }

  #toDraft(signal: Signal): DraftMessage[] {
    switch (signal.type) {
      case 'invite':
        this.#callId = signal.callId;
        return [{ kind: 'call-offer' }];
      case 'accept':
        return [{ kind: 'call-accept' }];
      case 'decline':
      case 'busy':
        return [{ kind: 'call-decline' }];
      case 'sdp': {
        this.#learnMid(signal.sdp);
        this.#awaitingAnswer = signal.kind === 'offer';
        const lines = signal.sdp.split(/\r?\n/).filter((line) => line !== '');
        return [{ kind: 'sdp-start' }, ...lines.map((line) => ({ kind: 'sdp' as const, line })), { kind: 'sdp-end' }];
      }
      case 'ice':
        return signal.candidates.map(({ candidate }) => ({ kind: 'ice' as const, candidate }));
      case 'caps-query':
        return [{ kind: 'capabilities' }];
      case 'caps':
        return [{ kind: 'capabilities', caps: signal.caps }];
      default:
        // hangup, ice-end, media, error: the draft has no words for them.
        return [];
    }
  }

  /** A draft message from the peer. */
  fromDraft(message: DraftMessage): void {
    this.#chain = this.#chain.then(() => this.#toCore(message));
  }

  async #toCore(message: DraftMessage): Promise<void> {
    const id = this.#callId;
    switch (message.kind) {
      case 'call-offer':
        this.#callId = randomId();
        this.#awaitingAnswer = false;
        return this.#deliver({ type: 'invite', callId: this.#callId, media: ['audio', 'video'], lifetimeMs: 60_000 });
      case 'call-accept':
        return id ? this.#deliver({ type: 'accept', callId: id }) : undefined;
      case 'call-decline':
        return id ? this.#deliver({ type: 'decline', callId: id }) : undefined;
      case 'sdp-start':
        return this.#startSdp();
      case 'sdp':
        return this.#addSdpLine(message.line);
      case 'sdp-end':
        return this.#endSdp();
      case 'ice':
        if (!id) return;
        return this.#deliver({
          type: 'ice',
          callId: id,
          candidates: [{ mid: this.#mid, candidate: message.candidate }],
        });
      case 'capabilities':
        return this.#deliver(message.caps ? { type: 'caps', caps: message.caps } : { type: 'caps-query' });
      case 'error':
        return this.#deliver({ type: 'error', code: 'unsupported', ...(id && { callId: id }) });
    }
  }

  async #deliver(signal: Signal): Promise<void> {
    // `t` keeps an SDP readable and needs no compression round trip.
    this.#options.deliver(await encodeSignal(signal, { sdpEncoding: 't' }));
  }

  #startSdp(): void {
    this.#dropSdp();
    this.#discarding = false;
    this.#sdp = { lines: [], bytes: 0, timer: this.#sdpTimer() };
  }

  /** Drops the SDP under way when its next line does not come in time. */
  #sdpTimer(): ReturnType<typeof setTimeout> {
    return setTimeout(() => {
      this.#dropSdp();
      this.#discarding = true;
      this.#options.onError(new ParleyError('chunk-timeout', 'the peer started an SDP and did not finish it'));
    }, this.#options.sdpTimeoutMs ?? 30_000);
  }

  #addSdpLine(line: string): void {
    const sdp = this.#sdp;
    if (!sdp) {
      if (this.#discarding) return;
      return this.#options.onError(new ParleyError('malformed-signal', 'SDP line outside SDP-START … SDP-END'));
    }
    sdp.lines.push(line);
    sdp.bytes += line.length + 2;
    clearTimeout(sdp.timer);
    sdp.timer = this.#sdpTimer();
    if (sdp.bytes > MAX_SDP_BYTES || sdp.lines.length > MAX_SDP_LINES) {
      this.#dropSdp();
      this.#discarding = true;
      this.#options.onError(new ParleyError('chunk-overflow', 'the peer sent an SDP over the size limit'));
    }
  }

  async #endSdp(): Promise<void> {
    const sdp = this.#sdp;
    const id = this.#callId;
    this.#dropSdp();
    if (!sdp && this.#discarding) {
      this.#discarding = false;
      return;
    }
    if (!sdp || !id) return this.#options.onError(new ParleyError('malformed-signal', 'SDP-END without an SDP'));
    const text = `${sdp.lines.join('\r\n')}\r\n`;
    this.#learnMid(text);
    const kind = this.#awaitingAnswer ? 'answer' : 'offer';
    this.#awaitingAnswer = false;
    await this.#deliver({ type: 'sdp', callId: id, kind, sdp: text });
  }

  #dropSdp(): void {
    if (this.#sdp) clearTimeout(this.#sdp.timer);
    this.#sdp = undefined;
  }

  #learnMid(sdp: string): void {
    const mid = /^a=mid:(\S+)/m.exec(sdp)?.[1];
    if (mid) this.#mid = mid;
  }

  close(): void {
    this.#dropSdp();
  }
}
