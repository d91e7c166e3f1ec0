import { parseArgs } from 'node:util';

/** Options shared by `parley offer` and `parley answer`. */
export interface SessionOptions {
  json: boolean;
  relayOnly: boolean;
  iceServers: RTCIceServer[];
  /** From accept to connected, in ms; undefined: the command's default. */
  connectTimeoutMs: number | undefined;
  /** Also draw this side's text as a QR code on the terminal (stderr). */
  qr: boolean;
  /** Print this side's text as a join link on this page (`https://…/join/`). */
  linkBase: string | undefined;
}

export type ParsedArgs =
  { ok: true; help: boolean; options: SessionOptions; positionals: string[] } | { ok: false; message: string };

/**
 * Default connect timeouts, in seconds. The offer side starts connecting once
 * it reads the answer; the answer side as soon as it prints the answer, so its
 * wait includes the time the peer takes to paste it.
 */
export const DEFAULT_CONNECT_TIMEOUT_S = { offer: 20, answer: 300 } as const;

/** The ICE options, shared by every command that makes calls. */
export const ICE_SPEC = {
  'relay-only': { type: 'boolean' },
  'ice-server': { type: 'string', multiple: true },
  'ice-username': { type: 'string' },
  'ice-credential': { type: 'string' },
} as const;

const SPEC = {
  json: { type: 'boolean' },
  ...ICE_SPEC,
  timeout: { type: 'string' },
  qr: { type: 'boolean' },
  link: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses the options of a session command; never throws. */
export function parseSessionArgs(args: readonly string[], maxPositionals: number): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: SPEC, allowPositionals: true, strict: true });
  } catch (error) {
    return { ok: false, message: parseError(error) };
  }
  const { values, positionals } = parsed;
  if (positionals.length > maxPositionals) {
    return { ok: false, message: `unexpected argument '${positionals[maxPositionals]}'` };
  }
  const ice = iceServers(values['ice-server'] ?? [], values['ice-username'], values['ice-credential']);
  if (typeof ice === 'string') return { ok: false, message: ice };
  const connectTimeoutMs = readSeconds('timeout', values.timeout);
  if (typeof connectTimeoutMs === 'string') return { ok: false, message: connectTimeoutMs };
  if (values.link !== undefined && !/^https?:\/\/[^\s#]+$/i.test(values.link)) {
    return { ok: false, message: `--link takes the join page's http(s) URL, not '${values.link}'` };
  }
  const relay = checkRelayOnly(values['relay-only'] ?? false, ice);
  if (relay) return { ok: false, message: relay };
  return {
    ok: true,
    help: values.help ?? false,
    positionals,
    options: {
      json: values.json ?? false,
      relayOnly: values['relay-only'] ?? false,
      iceServers: ice,
      connectTimeoutMs,
      qr: values.qr ?? false,
      linkBase: values.link,
    },
  };
}

/** Reads `--timeout`-style values: a positive number of seconds, in ms; or an error message. */
export function readSeconds(name: string, value: string | undefined): number | undefined | string {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(seconds > 0)) {
    return `--${name} takes a positive number of seconds, not '${value}'`;
  }
  return Math.round(seconds * 1000);
}

function isTurn(url: string): boolean {
  return /^turns?:/i.test(url);
}

/** An error message when `--relay-only` has no TURN server to relay through. */
export function checkRelayOnly(relayOnly: boolean, servers: readonly RTCIceServer[]): string | undefined {
  if (relayOnly && !servers.some((s) => isTurn(String(s.urls)))) {
    return '--relay-only needs a TURN server: add --ice-server turn:HOST:PORT';
  }
  return undefined;
}

/** The RTCIceServer list, or an error message. */
export function iceServers(urls: string[], username?: string, credential?: string): RTCIceServer[] | string {
  const servers: RTCIceServer[] = [];
  for (const url of urls) {
    if (!/^(stuns?|turns?):\S+$/i.test(url)) {
      return `--ice-server takes a stun:, stuns:, turn: or turns: URL, not '${url}'`;
    }
    if (!isTurn(url)) {
      servers.push({ urls: url });
    } else if (username === undefined || credential === undefined) {
      return `the TURN server ${url} needs --ice-username and --ice-credential`;
    } else {
      servers.push({ urls: url, username, credential });
    }
  }
  if ((username !== undefined || credential !== undefined) && !urls.some(isTurn)) {
    return '--ice-username and --ice-credential apply to turn: servers, and none was given';
  }
  return servers;
}

/** node:util's messages, shortened to one clause. */
export function parseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option '${unknown[1]}'`;
  return (message.split('\n')[0] ?? message).replace(/\.$/, '');
}
