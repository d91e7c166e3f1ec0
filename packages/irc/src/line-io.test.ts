import { describe, expect, it } from 'vitest';
import { rawLineIO } from './line-io.js';

describe('rawLineIO', () => {
  it('sends through the host and delivers fed lines (without CRLF) to every subscriber', () => {
    const sent: string[] = [];
    const io = rawLineIO({ send: (line) => sent.push(line), initial: { nick: 'alice' } });
    const a: string[] = [];
    const b: string[] = [];
    io.onLine((line) => a.push(line));
    const offB = io.onLine((line) => b.push(line));
    io.send('PRIVMSG bob :hi');
    io.feed(':bob!b@h PRIVMSG alice :yo\r\n');
    offB();
    io.feed('PING :x');
    expect(sent).toEqual(['PRIVMSG bob :hi']);
    expect(a).toEqual([':bob!b@h PRIVMSG alice :yo', 'PING :x']);
    expect(b).toEqual([':bob!b@h PRIVMSG alice :yo']);
    expect(io.initial).toEqual({ nick: 'alice' });
  });

  it('reports close once and ignores lines after it', () => {
    const io = rawLineIO({ send: () => undefined });
    const reasons: string[] = [];
    const lines: string[] = [];
    io.onClose?.((reason) => reasons.push(reason));
    io.onLine((line) => lines.push(line));
    io.close('socket closed');
    io.close('again');
    io.feed('PING :late');
    expect(reasons).toEqual(['socket closed']);
    expect(lines).toEqual([]);
    expect(io.closed).toBe(true);
  });
});
