import { describe, expect, it } from 'vitest';
import {
  ctcpBudget,
  escapedTagLength,
  MAX_CLIENT_TAG_BYTES,
  tagBudget,
  textBudget,
  WORST_CASE_HOST_BYTES,
  WORST_CASE_USER_BYTES,
} from './line-budget.js';

describe('textBudget', () => {
  it('is what the relayed line leaves of 512 bytes', () => {
    const prefix = 'alice!~alice@127.0.0.1';
    const relayed = `:${prefix} PRIVMSG bob :`;
    expect(textBudget({ selfPrefix: prefix, command: 'PRIVMSG', target: 'bob' })).toBe(512 - 2 - relayed.length);
    // NOTICE is one byte shorter than PRIVMSG.
    expect(textBudget({ selfPrefix: prefix, command: 'NOTICE', target: 'bob' })).toBe(512 - 2 - relayed.length + 1);
  });

  it('assumes the longest user@host when only the nick is known', () => {
    const worst = `alice!${'u'.repeat(WORST_CASE_USER_BYTES + 1)}@${'h'.repeat(WORST_CASE_HOST_BYTES)}`;
    expect(textBudget({ selfPrefix: 'alice', command: 'PRIVMSG', target: 'bob' })).toBe(
      textBudget({ selfPrefix: worst, command: 'PRIVMSG', target: 'bob' }),
    );
    // ISUPPORT USERLEN/HOSTLEN tighten the guess.
    expect(textBudget({ selfPrefix: 'alice', command: 'PRIVMSG', target: 'bob', userLen: 8, hostLen: 20 })).toBe(
      textBudget({ selfPrefix: 'alice!123456789@12345678901234567890', command: 'PRIVMSG', target: 'bob' }),
    );
  });

  it('counts UTF-8 bytes of nicks and targets, follows LINELEN and never goes negative', () => {
    const ascii = textBudget({ selfPrefix: 'a!u@h', command: 'PRIVMSG', target: '#x' });
    expect(textBudget({ selfPrefix: 'a!u@h', command: 'PRIVMSG', target: '#é' })).toBe(ascii - 1);
    expect(textBudget({ selfPrefix: 'a!u@h', command: 'PRIVMSG', target: '#x', linelen: 1024 })).toBe(ascii + 512);
    expect(textBudget({ selfPrefix: 'a!u@h', command: 'PRIVMSG', target: 'x'.repeat(600) })).toBe(0);
  });

  it('leaves two bytes for the CTCP delimiters', () => {
    const options = { selfPrefix: 'a!u@h', command: 'PRIVMSG', target: 'bob' } as const;
    expect(ctcpBudget(options)).toBe(textBudget(options) - 2);
  });
});

describe('tag budget', () => {
  it('counts escaped tag values in UTF-8 bytes', () => {
    expect(escapedTagLength('plain')).toBe(5);
    expect(escapedTagLength('a b;c')).toBe(7);
    expect(escapedTagLength('\\\r\n')).toBe(6);
    expect(escapedTagLength('é')).toBe(2);
  });

  it('is 4094 bytes of tag data, less `key=` for a single tag', () => {
    expect(tagBudget()).toBe(MAX_CLIENT_TAG_BYTES);
    expect(tagBudget('+parley.dev/s')).toBe(MAX_CLIENT_TAG_BYTES - '+parley.dev/s='.length);
  });
});
