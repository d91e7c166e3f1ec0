import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { assertLoopbackOnly, interfaceNames, isLoopbackOnly } from './netns.js';

const run = promisify(execFile);
const bin = new URL('../dist/bin/loopback.js', import.meta.url).pathname;

describe('loopback-only namespace', () => {
  it('holds only lo, and it is up with 127.0.0.1', () => {
    expect(interfaceNames()).toEqual(['lo']);
    expect(isLoopbackOnly()).toBe(true);
    expect(() => assertLoopbackOnly()).not.toThrow();
  });

  it('parley-loopback runs a command where only loopback exists', async () => {
    const { stdout } = await run(process.execPath, [bin, 'cat', '/proc/self/net/dev']);
    const names = stdout
      .split('\n')
      .slice(2)
      .map((l) => l.split(':')[0]?.trim())
      .filter(Boolean);
    expect(names).toEqual(['lo']);
  });
});
