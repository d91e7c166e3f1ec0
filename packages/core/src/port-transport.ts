import { Listeners, type SignalTransport } from './transport.js';

/** Anything with postMessage and message events: a window, a MessagePort, a Worker, a BroadcastChannel. */
export interface MessageEndpoint {
  postMessage(message: unknown, ...rest: never[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export interface PortTransportOptions {
  /** This side's id; messages addressed to others on a shared channel are ignored. */
  localId: string;
  /** The peer's id. */
  peerId: string;
  /**
   * Origin to post to, for windows (`window.opener`, a popped-out window).
   * Never `*` by default: signaling must not reach another site.
   */
  targetOrigin?: string;
  /** Only messages from this origin are accepted (windows). */
  expectedOrigin?: string;
}

interface Envelope {
  parley: 1;
  from: string;
  to: string;
  text: string;
}

/**
 * Signals between tabs of one browser (BroadcastChannel) or between a page and
 * a popped-out window or iframe (postMessage). Many peers may share one
 * channel: envelopes carry `from` and `to`.
 */
export class PortTransport implements SignalTransport {
  readonly maxMessageBytes = Infinity;
  readonly rate = undefined;
  readonly #endpoint: MessageEndpoint;
  readonly #options: PortTransportOptions;
  readonly #messages = new Listeners<string>();
  readonly #listener = (event: MessageEvent): void => {
    if (this.#options.expectedOrigin !== undefined && event.origin !== this.#options.expectedOrigin) return;
    // Anything may arrive on a shared channel: comparing `to` and `from` with our
    // ids also checks that they are strings.
    const data = event.data as Partial<Envelope> | null | undefined;
    if (
      data?.parley === 1 &&
      data.to === this.#options.localId &&
      data.from === this.#options.peerId &&
      typeof data.text === 'string'
    ) {
      this.#messages.emit(data.text);
    }
  };

  constructor(endpoint: MessageEndpoint, options: PortTransportOptions) {
    this.#endpoint = endpoint;
    this.#options = options;
    endpoint.addEventListener('message', this.#listener);
    // MessagePorts deliver only once started; windows and BroadcastChannels ignore this.
    (endpoint as { start?: () => void }).start?.();
  }

  send(text: string): void {
    const envelope: Envelope = { parley: 1, from: this.#options.localId, to: this.#options.peerId, text };
    if (this.#options.targetOrigin !== undefined) {
      (this.#endpoint as unknown as { postMessage(m: unknown, origin: string): void }).postMessage(
        envelope,
        this.#options.targetOrigin,
      );
    } else {
      this.#endpoint.postMessage(envelope);
    }
  }

  onMessage(handler: (text: string) => void): () => void {
    return this.#messages.add(handler);
  }

  close(): void {
    this.#endpoint.removeEventListener('message', this.#listener);
  }
}

/** A transport over a BroadcastChannel named `channelName`, between two ids. */
export function createBroadcastTransport(channelName: string, localId: string, peerId: string): PortTransport {
  const channel = new BroadcastChannel(channelName);
  const transport = new PortTransport(channel, { localId, peerId });
  const close = transport.close.bind(transport);
  transport.close = () => {
    close();
    channel.close();
  };
  return transport;
}
