import {
  CallManager,
  ParleyError,
  PROTOCOL_VERSION,
  type Call,
  type CallManagerOptions,
  type EndReason,
  type PeerConnectionFactory,
} from '@parley/core';
import { ircEquals, IrcSignaling, type PeerInfo } from '@parley/irc';
import { connectIrc, type IrcConnection } from '@parley/irc/node';
import { ExitCode } from './exit-codes.js';
import { delay, describeError, hangupWhenDrained } from './hangup.js';
import { IRC_DEFAULTS_S, type IrcOptions } from './irc-options.js';
import { createIrcOutput, type IrcOutput } from './irc-output.js';
import type { CliIo } from './main.js';
import { nodePeerConnectionFactory } from './node-webrtc.js';
import { StdinLines } from './stdin-lines.js';

/** What the CLI can do in a call: a line chat on a DataChannel (no audio, video or files yet). */
export const CLI_CAPABILITIES = ['CHAT', `PARLEY/${PROTOCOL_VERSION}`];
const REGISTRATION_TIMEOUT_MS = 20_000;
/** A peer that quits closes its connection; notice soon. */
const RECONNECT_TIMEOUT_MS = 5_000;
/** At the end, how long queued lines (a HANGUP) get to leave before QUIT. */
const OUTBOX_DRAIN_MS = 2_000;
const NOT_ON_IRC = 'no such nick';

export interface IrcSessionSetup {
  /** Whether calls are made (loads node-datachannel). */
  webrtc: boolean;
  /** Who may call; default: anyone. */
  allow?: (nick: string, session: IrcSession) => boolean;
}

/**
 * One run of `parley listen`, `caps` or `chat`: an IRC connection with
 * {@link IrcSignaling} and a {@link CallManager}, the chat of a call over
 * stdin/stdout, and an orderly end (calls hung up, HANGUP sent, QUIT).
 */
export class IrcSession {
  readonly out: IrcOutput;
  readonly options: IrcOptions;
  readonly connection: IrcConnection;
  readonly manager: CallManager;
  readonly signaling: IrcSignaling;
  readonly #io: CliIo;
  readonly #managerOptions: CallManagerOptions;
  readonly #manualManagers: CallManager[] = [];
  #lines: StdinLines | undefined;
  #chatting: Call | undefined;
  #code: number | undefined;
  #quitting = false;
  #resolve: (code: number) => void = () => undefined;
  readonly #done = new Promise<number>((resolve) => (this.#resolve = resolve));

  constructor(
    io: CliIo,
    out: IrcOutput,
    options: IrcOptions,
    connection: IrcConnection,
    createPeerConnection: PeerConnectionFactory | undefined,
    allow: ((nick: string) => boolean) | undefined,
  ) {
    this.#io = io;
    this.out = out;
    this.options = options;
    this.connection = connection;
    this.#managerOptions = {
      ...(createPeerConnection && { createPeerConnection }),
      iceServers: options.iceServers,
      relayOnly: options.relayOnly,
      connectTimeoutMs: options.timeoutMs ?? IRC_DEFAULTS_S.connectTimeout * 1000,
      reconnectTimeoutMs: RECONNECT_TIMEOUT_MS,
      statsIntervalMs: 0,
      capabilities: CLI_CAPABILITIES,
    };
    this.manager = new CallManager(this.#managerOptions);
    this.signaling = new IrcSignaling({ io: connection, manager: this.manager, ...(allow && { allow }) });
    this.signaling.on('blocked', ({ nick, reason }) => out.emit({ event: 'blocked', nick, reason }));
    this.signaling.on('signal-error', ({ nick, error }) => this.#signalError(nick, error));
    this.manager.on('signal-error', ({ peerId, error }) => this.#signalError(peerId, error));
    connection.onClose((reason) => {
      if (this.#quitting) return;
      out.emit({ event: 'disconnected', reason });
      this.fail(ExitCode.IrcFailed, `the IRC connection closed: ${reason}`);
    });
  }

  /** stdin as lines; opened on first use (`caps` never reads stdin). */
  get lines(): StdinLines {
    this.#lines ??= new StdinLines(this.#io.stdin ?? process.stdin);
    return this.#lines;
  }

  /** The call whose chat is on stdin/stdout, if any. */
  get chatting(): Call | undefined {
    return this.#chatting;
  }

  /** Whether two nicks are the same on this server. */
  sameNick(a: string, b: string): boolean {
    return ircEquals(a, b, this.connection.state.casemapping);
  }

  /** Runs `body`, then waits for the end; shuts down in order and resolves with the exit code. */
  async run(body: (session: this) => Promise<void> | void): Promise<number> {
    Promise.resolve()
      .then(() => body(this))
      .catch((error: unknown) => this.fail(ExitCode.Error, error instanceof Error ? error.message : String(error)));
    const code = await this.#done;
    await this.#shutdown();
    return code;
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

  /**
   * Asks `nick` what it supports; resolves with undefined (after ending the
   * session with exit code 5 and a message) when it does not support WebRTC,
   * does not answer, or is not on IRC.
   */
  async discover(nick: string, timeoutMs: number): Promise<PeerInfo | undefined> {
    const found = await this.probe(nick, timeoutMs);
    if ('why' in found) {
      this.fail(ExitCode.Unsupported, found.why);
      return undefined;
    }
    return found;
  }

  /**
   * Asks `nick` what it supports, or says why it cannot be called: it does
   * not support WebRTC or does not answer (`online`), or is not on IRC.
   */
  async probe(nick: string, timeoutMs: number): Promise<PeerInfo | { why: string; online: boolean }> {
    let offNoSuchNick = (): void => undefined;
    const noSuchNick = new Promise<never>((_resolve, reject) => {
      // ERR_NOSUCHNICK to our query: no need to wait for the timeout.
      offNoSuchNick = this.connection.onMessage((m) => {
        if (m.command === '401' && this.sameNick(m.params[1] ?? '', nick)) {
          reject(new ParleyError('unsupported', NOT_ON_IRC));
        }
      });
    });
    try {
      return await Promise.race([this.signaling.discover(nick, timeoutMs), noSuchNick]);
    } catch (error) {
      if (!(error instanceof ParleyError) || error.code !== 'unsupported') throw error;
      if (error.message === NOT_ON_IRC) return { why: `${nick} is not on IRC (no such nick)`, online: false };
      const why = /did not answer/.test(error.message)
        ? `${nick} did not answer a WebRTC capabilities query within ${timeoutMs / 1000} s: its client does not support WebRTC calls, or is not responding`
        : error.message;
      return { why, online: true };
    } finally {
      offNoSuchNick();
    }
  }

  /**
   * A second manager with this session's settings and `trickle: false`, for
   * calls set up by a one-shot exchange (the join-link fallback); it is
   * closed with the session.
   */
  manualManager(): CallManager {
    const manager = new CallManager({ ...this.#managerOptions, trickle: false });
    this.#manualManagers.push(manager);
    return manager;
  }

  /**
   * Prints `call`'s events; once it connects, it becomes the chat (stdin
   * lines to the peer, the end of stdin hangs up). `onEnded` runs when it ends.
   */
  follow(call: Call, onEnded: (reason: EndReason) => void): void {
    const peer = call.peerId;
    // The peer's process quit or hung up: its side of the channel closes.
    call.on('datachannel', (channel) => channel.addEventListener('close', () => call.hangup()));
    call.on('statechange', ({ state }) => {
      if (state !== 'connected' || this.#code !== undefined) return;
      this.#chatting = call;
      this.out.emit({ event: 'connected', peer });
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
    });
    call.on('message', (text) => this.out.emit({ event: 'message', from: peer, text }));
    call.on('warning', (warning) => this.out.error(`warning: ${describeError(warning)}`));
    call.on('ended', ({ reason }) => {
      if (this.#chatting === call) {
        this.#chatting = undefined;
        this.#lines?.stopForwarding();
      }
      this.out.emit({ event: 'ended', peer, reason });
      onEnded(reason);
    });
  }

  #signalError(nick: string, error: ParleyError): void {
    this.out.emit({ event: 'signal-error', nick, code: error.code, message: error.message });
  }

  async #shutdown(): Promise<void> {
    this.#quitting = true;
    this.#lines?.close();
    for (const call of [this.manager, ...this.#manualManagers].flatMap((m) => m.calls)) {
      if (call.state === 'incoming') call.decline();
      else call.hangup();
    }
    // The HANGUP goes through the paced outbox: give it a moment to leave before QUIT.
    const deadline = Date.now() + OUTBOX_DRAIN_MS;
    await delay(20);
    while (this.signaling.queued > 0 && !this.connection.closed && Date.now() < deadline) await delay(20);
    this.signaling.close();
    this.manager.close();
    for (const manager of this.#manualManagers) manager.close();
    await this.connection.quit('parley');
  }
}

/**
 * Connects to IRC as `options.nick`, then runs `body` in an {@link IrcSession}.
 * Resolves with the exit code: 6 when the server cannot be reached or refuses
 * us, 130 on SIGINT/SIGTERM.
 */
export async function runIrcSession(
  io: CliIo,
  options: IrcOptions,
  setup: IrcSessionSetup,
  body: (session: IrcSession) => Promise<void> | void,
): Promise<number> {
  const out = createIrcOutput(io, options.json);
  const abort = new AbortController();
  let session: IrcSession | undefined;
  let interrupted = false;
  const interrupt = (): void => {
    interrupted = true;
    if (session) session.finish(ExitCode.Interrupted);
    else abort.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    const createPeerConnection = setup.webrtc ? await nodePeerConnectionFactory() : undefined;
    let connection: IrcConnection;
    try {
      connection = await connectIrc({
        url: options.irc,
        nick: options.nick,
        signal: abort.signal,
        timeoutMs: REGISTRATION_TIMEOUT_MS,
      });
    } catch (error) {
      if (interrupted) return ExitCode.Interrupted;
      out.error(`cannot connect to ${options.irc}: ${error instanceof Error ? error.message : String(error)}`);
      return ExitCode.IrcFailed;
    }
    const allow = setup.allow;
    const created: IrcSession = new IrcSession(
      io,
      out,
      options,
      connection,
      createPeerConnection,
      allow && ((nick) => allow(nick, created)),
    );
    session = created;
    if (interrupted) session.finish(ExitCode.Interrupted);
    return await session.run(body);
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}
