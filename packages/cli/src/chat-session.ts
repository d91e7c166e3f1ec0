import { CallManager, ParleyError, type Call, type PeerConnectionFactory } from '@parley/core';
import { ManualExchange } from '@parley/core/manual-exchange';
import { ExitCode, exitCodeForEnd } from './exit-codes.js';
import type { CliIo } from './main.js';
import { DEFAULT_CONNECT_TIMEOUT_S, type SessionOptions } from './options.js';
import { createOutput, type Output } from './output.js';
import { describeError, hangupWhenDrained } from './hangup.js';
import { StdinLines } from './stdin-lines.js';

/** The one peer of a session: whoever holds the other end of the copy-pasted texts. */
export const PEER = 'peer';
/** People copy and paste by hand: give them time before the offer expires. */
const INVITE_LIFETIME_MS = 30 * 60_000;
/** A peer that quits closes its connection; notice soon (the session cannot signal a hangup). */
const RECONNECT_TIMEOUT_MS = 5_000;

/**
 * One `parley offer` or `parley answer` run: a call with one peer over a
 * {@link ManualExchange}, then a line chat until either side ends it.
 * Resolves with the exit code.
 */
export class ChatSession {
  readonly out: Output;
  readonly exchange = new ManualExchange();
  readonly manager: CallManager;
  readonly lines: StdinLines;
  #call: Call | undefined;
  #code: number | undefined;
  #interrupted = false;
  #resolve: (code: number) => void = () => undefined;
  readonly #done = new Promise<number>((resolve) => (this.#resolve = resolve));

  constructor(
    io: CliIo,
    options: SessionOptions,
    createPeerConnection: PeerConnectionFactory,
    side: keyof typeof DEFAULT_CONNECT_TIMEOUT_S,
  ) {
    this.out = createOutput(io, options.json, { qr: options.qr, linkBase: options.linkBase });
    this.manager = new CallManager({
      createPeerConnection,
      trickle: false,
      iceServers: options.iceServers,
      relayOnly: options.relayOnly,
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_S[side] * 1000,
      reconnectTimeoutMs: RECONNECT_TIMEOUT_MS,
      inviteLifetimeMs: INVITE_LIFETIME_MS,
      statsIntervalMs: 0,
    });
    // The bundle packs SDPs as compactSdp itself: plain text is the cheapest way to hand them over.
    this.manager.addPeer(PEER, this.exchange, { sdpEncoding: 't' });
    this.manager.on('signal-error', ({ error }) =>
      this.fail(ExitCode.BadSignal, `cannot read the peer's text: ${error.message}`),
    );
    this.lines = new StdinLines(io.stdin ?? process.stdin);
  }

  /** Runs `setup` (the exchange of texts), then the chat; resolves with the exit code. */
  async run(setup: (session: this) => Promise<void>): Promise<number> {
    const interrupt = (): void => {
      this.#interrupted = true;
      this.#call?.hangup();
      this.finish(ExitCode.Interrupted);
    };
    process.on('SIGINT', interrupt);
    process.on('SIGTERM', interrupt);
    setup(this).catch((error: unknown) => {
      if (error instanceof ParleyError && error.code === 'bad-encoding') this.fail(ExitCode.BadSignal, error.message);
      else this.fail(ExitCode.Error, error instanceof Error ? error.message : String(error));
    });
    try {
      return await this.#done;
    } finally {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
      this.lines.close();
      this.manager.close();
    }
  }

  /** Ends the session with `code` (the first code wins). */
  finish(code: number): void {
    if (this.#code !== undefined) return;
    this.#code = code;
    this.#resolve(code);
  }

  fail(code: number, message: string): void {
    if (this.#code !== undefined) return;
    this.out.error(message);
    this.finish(code);
  }

  /** Follows `call`: prints its events, and starts the chat once it connects. */
  attach(call: Call): void {
    this.#call = call;
    // The peer's process quit or hung up: its side of the channel closes.
    call.on('datachannel', (channel) => channel.addEventListener('close', () => call.hangup()));
    call.on('statechange', ({ state }) => {
      if (state === 'connected') this.#connected(call);
    });
    call.on('message', (text) => this.out.message(text));
    call.on('warning', (warning) => this.out.error(`warning: ${describeError(warning)}`));
    call.on('ended', ({ reason }) => {
      if (this.#code !== undefined) return;
      this.out.ended(reason);
      this.finish(this.#interrupted ? ExitCode.Interrupted : exitCodeForEnd(reason));
    });
  }

  #connected(call: Call): void {
    this.out.connected();
    this.lines.forward(
      (line) => {
        try {
          call.send(line);
        } catch (error) {
          this.out.error(`not sent: ${error instanceof Error ? error.message : String(error)}`);
        }
      },
      () => void hangupWhenDrained(call),
    );
  }
}
