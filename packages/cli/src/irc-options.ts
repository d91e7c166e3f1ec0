import { parseArgs, type ParseArgsConfig } from 'node:util';
import { checkRelayOnly, ICE_SPEC, iceServers, parseError, readSeconds } from './options.js';

export type IrcCommand = 'listen' | 'caps' | 'chat';

/** Options of the IRC commands (`listen`, `caps`, `chat`); what a command does not take keeps its default. */
export interface IrcOptions {
  /** `irc://`, `ircs://`, `ws://` or `wss://` URL of the server. */
  irc: string;
  nick: string;
  json: boolean;
  /** `caps` and `chat`: the peer. */
  to: string | undefined;
  /** `listen`: who may call (nobody else is ever accepted)… */
  acceptFrom: string[];
  /** …or `--accept-any`: anyone may call (nothing is accepted unless asked for). */
  acceptAny: boolean;
  relayOnly: boolean;
  iceServers: RTCIceServer[];
  /** `listen`, `chat`: from accept to connected; `caps`: how long to wait for the answer. Undefined: the default. */
  timeoutMs: number | undefined;
  /** `chat`: how long the invite rings (or, with `joinLink`, waits for the answer link). Undefined: the default. */
  ringMs: number | undefined;
  /** `chat`: the join page to offer a peer without WebRTC (`https://…/join/`), instead of exiting 5. */
  joinLink: string | undefined;
}

export type ParsedIrcArgs = { ok: true; help: boolean; options: IrcOptions } | { ok: false; message: string };

/** Defaults, in seconds. */
export const IRC_DEFAULTS_S = { connectTimeout: 20, capsTimeout: 5, ring: 60 } as const;

const COMMON = {
  irc: { type: 'string' },
  nick: { type: 'string' },
  json: { type: 'boolean' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const SPECS = {
  listen: {
    ...COMMON,
    ...ICE_SPEC,
    'accept-from': { type: 'string', multiple: true },
    'accept-any': { type: 'boolean' },
  },
  caps: { ...COMMON, to: { type: 'string' } },
  chat: { ...COMMON, ...ICE_SPEC, to: { type: 'string' }, ring: { type: 'string' }, 'join-link': { type: 'string' } },
} as const;

/**
 * A nick as a command-line value: no spaces, no control characters, none of
 * the characters IRC uses around nicks (`,` `!` `@` `*` `?`), not starting
 * like a channel or a parameter. The server has the last word.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const NICK = /^[^\s\x00-\x1f\x7f,!@*?#&:$+~%0-9-][^\s\x00-\x1f\x7f,!@*?]{0,63}$/u;

/** Parses the options of `parley listen|caps|chat`; never throws. */
export function parseIrcArgs(command: IrcCommand, args: readonly string[]): ParsedIrcArgs {
  let values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  try {
    const spec: NonNullable<ParseArgsConfig['options']> = SPECS[command];
    ({ values } = parseArgs({ args: [...args], options: spec, allowPositionals: false, strict: true }));
  } catch (error) {
    return { ok: false, message: parseError(error) };
  }
  const str = (name: string): string | undefined => values[name] as string | undefined;
  const list = (name: string): string[] => (values[name] as string[] | undefined) ?? [];
  if (values['help']) return { ok: true, help: true, options: defaults() };

  const irc = str('irc');
  if (irc === undefined) return { ok: false, message: 'missing --irc URL (irc://, ircs://, ws:// or wss://)' };
  const urlProblem = checkIrcUrl(irc);
  if (urlProblem) return { ok: false, message: urlProblem };
  const nick = str('nick');
  if (nick === undefined) return { ok: false, message: 'missing --nick NICK' };
  const to = str('to');
  if (command !== 'listen' && to === undefined) return { ok: false, message: 'missing --to NICK (the peer)' };
  for (const [name, value] of [
    ['nick', nick],
    ['to', to],
    ...list('accept-from').map((n) => ['accept-from', n]),
  ] as const) {
    if (value !== undefined && !NICK.test(value)) return { ok: false, message: `--${name}: '${value}' is not a nick` };
  }
  if (values['accept-any'] && list('accept-from').length > 0) {
    return { ok: false, message: '--accept-any and --accept-from exclude each other' };
  }
  const ice = iceServers(list('ice-server'), str('ice-username'), str('ice-credential'));
  if (typeof ice === 'string') return { ok: false, message: ice };
  const relayOnly = (values['relay-only'] as boolean | undefined) ?? false;
  const relay = checkRelayOnly(relayOnly, ice);
  if (relay) return { ok: false, message: relay };
  const timeoutMs = readSeconds('timeout', str('timeout'));
  if (typeof timeoutMs === 'string') return { ok: false, message: timeoutMs };
  const ringMs = readSeconds('ring', str('ring'));
  if (typeof ringMs === 'string') return { ok: false, message: ringMs };
  const joinLink = str('join-link');
  if (joinLink !== undefined && !/^https?:\/\/[^\s#]+$/i.test(joinLink)) {
    return { ok: false, message: `--join-link takes the join page's http(s) URL, not '${joinLink}'` };
  }
  return {
    ok: true,
    help: false,
    options: {
      irc,
      nick,
      json: (values['json'] as boolean | undefined) ?? false,
      to,
      acceptFrom: list('accept-from'),
      acceptAny: (values['accept-any'] as boolean | undefined) ?? false,
      relayOnly,
      iceServers: ice,
      timeoutMs,
      ringMs,
      joinLink,
    },
  };
}

function defaults(): IrcOptions {
  return {
    irc: '',
    nick: '',
    json: false,
    to: undefined,
    acceptFrom: [],
    acceptAny: false,
    relayOnly: false,
    iceServers: [],
    timeoutMs: undefined,
    ringMs: undefined,
    joinLink: undefined,
  };
}

/** An error message for a URL `connectIrc` cannot use. */
function checkIrcUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `--irc takes a URL such as irc://irc.example:6667, not '${text}'`;
  }
  if (!['irc:', 'ircs:', 'ws:', 'wss:'].includes(url.protocol)) {
    return `--irc takes an irc://, ircs://, ws:// or wss:// URL, not '${text}'`;
  }
  if (!url.hostname) return `--irc: '${text}' names no host`;
  return undefined;
}
