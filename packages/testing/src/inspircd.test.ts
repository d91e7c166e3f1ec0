import { describe, expect, it } from 'vitest';
import { inspircdConfig } from './inspircd.js';
import { loopbackNamespaceArgv } from './netns.js';

const base = { port: 6667, wsPort: 8080, serverName: 'irc.test', logFile: '/tmp/x.log' };

describe('inspircdConfig', () => {
  it('default profile keeps InspIRCd flood control (no threshold/recvq overrides)', () => {
    const conf = inspircdConfig({ ...base, profile: 'default' });
    expect(conf).not.toMatch(/recvq=|commandrate=|fakelag=/);
    expect(conf).toContain('<bind address="127.0.0.1" port="6667" type="clients">');
    expect(conf).toContain('hook="websocket"');
    expect(conf).toContain('<module name="ircv3_ctctags">');
  });

  it('relaxed profile lifts flood control and enlarges buffers', () => {
    const conf = inspircdConfig({ ...base, profile: 'relaxed' });
    expect(conf).toContain('fakelag="no"');
    expect(conf).toContain('<performance netbuffersize="65534">');
  });
});

describe('loopbackNamespaceArgv', () => {
  it('wraps the command in unshare and brings lo up first', () => {
    const argv = loopbackNamespaceArgv(['node', 'x.js']);
    expect(argv[0]).toBe('unshare');
    expect(argv).toContain('ip link set lo up && exec "$0" "$@"');
    expect(argv.slice(-2)).toEqual(['node', 'x.js']);
  });
});
