import { END_REASONS } from '@parley/core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExitCode, exitCodeForEnd } from './exit-codes.js';
import { HELP } from './main.js';

describe('exit codes', () => {
  it('map end reasons', () => {
    const codes = Object.fromEntries(END_REASONS.map((r) => [r, exitCodeForEnd(r)]));
    expect(codes).toEqual({
      hangup: 0,
      declined: 5,
      busy: 5,
      'invite-timeout': 4,
      'connect-timeout': 4,
      'ice-failed': 4,
      unsupported: 5,
      'answered-elsewhere': 1,
      'peer-gone': 1,
      error: 1,
    });
  });

  it('are all documented in the README and the help', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const code of Object.values(ExitCode)) {
      expect(readme).toMatch(new RegExp(`^\\| ${code} +\\|`, 'm'));
      expect(HELP).toMatch(new RegExp(`\\b${code} [a-z]`));
    }
  });
});
