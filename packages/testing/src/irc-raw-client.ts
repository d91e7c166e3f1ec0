import { connect, type Socket } from 'node:net';

/**
 * A minimal raw-line IRC client over TCP, for tests that need to see exactly
 * what crosses the wire (flood limits, independent protocol peers). It answers
 * PING and nothing else.
 */
export class IrcRawClient {
  readonly lines: string[] = [];
  readonly #socket: Socket;
  #buffer = '';
  readonly #handlers = new Set<(line: string) => void>();
  #waiters: Array<{ test: (line: string) => boolean; resolve: (line: string) => void }> = [];
  #closed: Promise<void>;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.#onData(chunk));
    this.#closed = new Promise((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => {
      // surfaced through `closed`; tests assert on lines
    });
  }

  /** Connects and registers as `nick`, resolving after the server's 001. */
  static async connect(
    port: number,
    nick: string,
    options: { caps?: string[]; host?: string } = {},
  ): Promise<IrcRawClient> {
    const socket = connect({ port, host: options.host ?? '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new IrcRawClient(socket);
    if (options.caps?.length) {
      client.send('CAP LS 302');
      client.send(`CAP REQ :${options.caps.join(' ')}`);
    }
    client.send(`NICK ${nick}`);
    client.send(`USER ${nick} 0 * :parley test`);
    if (options.caps?.length) {
      await client.waitFor((l) => / CAP \S+ (ACK|NAK) /.test(l));
      client.send('CAP END');
    }
    await client.waitFor((l) => / 001 /.test(l));
    return client;
  }

  send(line: string): void {
    this.#socket.write(`${line}\r\n`);
  }

  /** Sends several lines in one write (a burst, as a flooding client would). */
  sendBurst(lines: readonly string[]): void {
    this.#socket.write(lines.map((l) => `${l}\r\n`).join(''));
  }

  /** Sends raw bytes as they are (not necessarily UTF-8, not necessarily whole lines). */
  sendBytes(bytes: Uint8Array): void {
    this.#socket.write(bytes);
  }

  get closed(): Promise<void> {
    return this.#closed;
  }

  /** Resolves with the first line (already received or coming) that passes `test`. */
  waitFor(test: (line: string) => boolean, timeoutMs = 10_000): Promise<string> {
    const seen = this.lines.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w.resolve !== done);
        reject(
          new Error(`no matching IRC line within ${timeoutMs} ms; last lines:\n${this.lines.slice(-10).join('\n')}`),
        );
      }, timeoutMs);
      const done = (line: string): void => {
        clearTimeout(timer);
        resolve(line);
      };
      this.#waiters.push({ test, resolve: done });
    });
  }

  /** Calls `handler` with every line received from now on; returns an unsubscribe function. */
  onLine(handler: (line: string) => void): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  quit(): void {
    if (this.#socket.writable) this.send('QUIT :bye');
    this.#socket.end();
  }

  #onData(chunk: string): void {
    this.#buffer += chunk;
    let index: number;
    while ((index = this.#buffer.indexOf('\n')) >= 0) {
      const line = this.#buffer.slice(0, index).replace(/\r$/, '');
      this.#buffer = this.#buffer.slice(index + 1);
      if (line.startsWith('PING ')) this.send(`PONG ${line.slice(5)}`);
      this.lines.push(line);
      for (const handler of [...this.#handlers]) handler(line);
      for (const waiter of [...this.#waiters]) {
        if (waiter.test(line)) {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  }
}
