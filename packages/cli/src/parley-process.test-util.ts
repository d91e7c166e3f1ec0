import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

export const bin = new URL('../dist/bin/parley.js', import.meta.url).pathname;

/** One `--json` event; the fields are those of every command's events. */
export interface Event {
  event: string;
  text?: string;
  reason?: string;
  nick?: string;
  peer?: string;
  from?: string;
  caps?: string[];
  mode?: string;
  link?: string;
}

/** A `parley` process; its stdout lines are read as JSON events (with `--json`). */
export class Parley {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: string[] = [];
  readonly events: Event[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<number | null>;
  #waiters: Array<() => void> = [];
  #exitCode: number | null | undefined;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [bin, ...args], { stdio: 'pipe' });
    this.child.stdin.on('error', () => undefined); // a process that exited first
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      this.lines.push(line);
      if (args.includes('--json')) this.events.push(JSON.parse(line) as Event);
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.child.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code) => {
        this.#exitCode = code;
        for (const wake of this.#waiters.splice(0)) wake();
        resolve(code);
      }),
    );
  }

  /** Resolves with the first event matching `test`, seen or to come (rejects after `timeoutMs`). */
  next(test: (e: Event) => boolean, timeoutMs = 25_000): Promise<Event> {
    return this.#find(this.events, test, timeoutMs);
  }

  /** Resolves with the first stdout line matching `test`, seen or to come. */
  nextLine(test: (line: string) => boolean = () => true, timeoutMs = 25_000): Promise<string> {
    return this.#find(this.lines, test, timeoutMs);
  }

  async #find<T>(list: T[], test: (item: T) => boolean, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = list.find(test);
      if (found !== undefined) return found;
      if (this.#exitCode !== undefined) {
        throw new Error(`parley exited (${this.#exitCode}) first; stderr:\n${this.stderr.join('')}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `not seen within ${timeoutMs} ms; stdout:\n${this.lines.slice(-10).join('\n')}\nstderr:\n${this.stderr.join('')}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  write(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }
}
