import { ChunkAssembler, isChunk, splitMessage } from './chunking.js';
import { ParleyError } from './errors.js';
import { PacedSender } from './paced-sender.js';
import { isControlSignal, type Signal } from './signal.js';
import { decodeSignal, encodeSignal, type EncodeOptions } from './signal-codec.js';
import { Listeners, type SignalTransport } from './transport.js';

export interface SignalChannelOptions extends EncodeOptions {
  /** A partial chunked message is dropped when its next chunk is this late (default 15 s). */
  chunkTimeoutMs?: number;
}

/**
 * Typed signals to and from one peer over any {@link SignalTransport}: encodes,
 * chunks to the transport's size limit, paces to its rate (control first),
 * and decodes what arrives in order. Bad input becomes an `error` event.
 */
export class SignalChannel {
  readonly transport: SignalTransport;
  readonly #options: SignalChannelOptions;
  readonly #pacer: PacedSender;
  readonly #assembler: ChunkAssembler;
  readonly #signals = new Listeners<Signal>();
  readonly #errors = new Listeners<ParleyError>();
  readonly #closes = new Listeners<string>();
  readonly #unsubscribe: Array<(() => void) | undefined>;
  #sendChain: Promise<void> = Promise.resolve();
  #receiveChain: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(transport: SignalTransport, options: SignalChannelOptions = {}) {
    this.transport = transport;
    this.#options = options;
    this.#assembler = new ChunkAssembler({ timeoutMs: options.chunkTimeoutMs });
    this.#pacer = new PacedSender(
      transport.rate,
      (text) => transport.send(text),
      (error) => this.#errors.emit(new ParleyError('transport-closed', 'transport failed to send', { cause: error })),
    );
    this.#unsubscribe = [
      transport.onMessage((text) => this.#receive(text)),
      transport.onClose?.((reason) => this.#closes.emit(reason)),
    ];
  }

  /** Sends a signal; resolves once it is queued for the transport, in order. */
  send(signal: Signal): Promise<void> {
    if (this.#closed) return Promise.reject(new ParleyError('transport-closed', 'signal channel is closed'));
    const next = this.#sendChain.then(async () => {
      const text = await encodeSignal(signal, this.#options);
      this.#pacer.enqueue(
        splitMessage(text, this.transport.maxMessageBytes),
        isControlSignal(signal) ? 'control' : 'bulk',
      );
    });
    this.#sendChain = next.catch(() => undefined);
    return next;
  }

  onSignal(handler: (signal: Signal) => void): () => void {
    return this.#signals.add(handler);
  }

  /** Bad input from the peer (malformed, too long, undecodable): reported, never thrown. */
  onError(handler: (error: ParleyError) => void): () => void {
    return this.#errors.add(handler);
  }

  /** The transport says the peer went away. */
  onClose(handler: (reason: string) => void): () => void {
    return this.#closes.add(handler);
  }

  /** Messages waiting for the transport's send budget. */
  get queued(): number {
    return this.#pacer.queued;
  }

  close(): void {
    this.#closed = true;
    this.#pacer.clear();
    for (const off of this.#unsubscribe.splice(0)) off?.();
  }

  #receive(text: unknown): void {
    if (this.#closed) return;
    let whole = text;
    if (typeof text === 'string' && isChunk(text)) {
      const result = this.#assembler.push(text);
      if (!result.ok) return this.#errors.emit(result.error);
      if (result.value === undefined) return;
      whole = result.value;
    }
    // Decoding is async (inflate): chain it so that signals keep their order.
    this.#receiveChain = this.#receiveChain.then(async () => {
      const result = await decodeSignal(whole);
      if (this.#closed) return;
      if (result.ok) this.#signals.emit(result.value);
      else this.#errors.emit(result.error);
    });
  }
}
