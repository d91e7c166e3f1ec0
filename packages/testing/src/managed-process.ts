import { spawn, type ChildProcess } from 'node:child_process';

const MAX_LOG_LINES = 2000;

/**
 * A server process started by the rig. Keeps the last lines of its output so
 * that a failing test can print them, and stops it cleanly (SIGTERM, then
 * SIGKILL after a grace period).
 */
export class ManagedProcess {
  readonly #child: ChildProcess;
  readonly #lines: string[] = [];
  readonly #exited: Promise<number | null>;
  readonly name: string;

  constructor(name: string, file: string, args: readonly string[], env?: NodeJS.ProcessEnv) {
    this.name = name;
    this.#child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    const collect = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        this.#lines.push(line);
        if (this.#lines.length > MAX_LOG_LINES) this.#lines.shift();
      }
    };
    this.#child.stdout?.on('data', collect);
    this.#child.stderr?.on('data', collect);
    this.#exited = new Promise((resolve) => {
      this.#child.on('error', (error) => {
        this.#lines.push(`[rig] ${name} failed to start: ${error.message}`);
        resolve(null);
      });
      this.#child.on('exit', (code) => resolve(code));
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Resolves with the exit code (null when killed by a signal or never started). */
  get exited(): Promise<number | null> {
    return this.#exited;
  }

  /** Adds a line to the log (files the process writes itself are appended here). */
  appendLog(lines: readonly string[]): void {
    this.#lines.push(...lines);
  }

  log(): string {
    return `----- ${this.name} log (last ${this.#lines.length} lines) -----\n${this.#lines.join('\n')}\n----- end of ${this.name} log -----`;
  }

  /** Kills at once, like a crash (for failover tests). */
  async kill(): Promise<void> {
    if (this.running) this.#child.kill('SIGKILL');
    await this.#exited;
  }

  async stop(graceMs = 3000): Promise<void> {
    if (!this.running) return void (await this.#exited);
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    await this.#exited;
    clearTimeout(timer);
  }
}
