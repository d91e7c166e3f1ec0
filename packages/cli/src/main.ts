import { readFileSync } from 'node:fs';
import { JOIN_LINK_TIMEOUT_MS } from '@parley/irc';
import { answer } from './commands/answer.js';
import { caps } from './commands/caps.js';
import { chat } from './commands/chat.js';
import { listen } from './commands/listen.js';
import { offer } from './commands/offer.js';
import { sdp } from './commands/sdp.js';
import { ExitCode } from './exit-codes.js';
import { IRC_DEFAULTS_S, parseIrcArgs, type IrcCommand } from './irc-options.js';
import { DEFAULT_CONNECT_TIMEOUT_S, parseSessionArgs } from './options.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Lines to send, and the peer's text; defaults to `process.stdin`. */
  stdin?: NodeJS.ReadableStream;
}

export const HELP = `parley — peer-to-peer calls, chat and file transfer over WebRTC

Usage:
  parley offer [options]          print an offer, read the answer from stdin, then chat
  parley answer [options] [TEXT]  read the offer (TEXT, or the first stdin line),
                                  print the answer, then chat
  parley listen --irc URL --nick NICK [--accept-from NICK … | --accept-any] [options]
                                  stay on IRC and take chat calls, one at a time
  parley caps --irc URL --nick NICK --to PEER [--timeout SECONDS] [--json]
                                  print what PEER's client supports
  parley chat --irc URL --nick NICK --to PEER [--join-link URL] [options]
                                  call PEER over IRC, then chat
  parley sdp encode [--type offer|answer] [--exact]
                                  raw SDP (or {"type","sdp"} JSON) on stdin → compact text
  parley sdp decode [--json]      compact text on stdin → the SDP

Once connected, stdin lines go to the peer and the peer's lines go to stdout.
The end of stdin (Ctrl-D) hangs up (and stops \`parley listen\`).

Options:
  --json                 print every event as one JSON object per line:
                         {"event":"offer"|"answer","text":...}, {"event":"connected"},
                         {"event":"message","text":...}, {"event":"ended","reason":...};
                         over IRC also listening, capabilities, calling, fallback,
                         incoming, blocked, signal-error, disconnected (see the README)
  --ice-server URL       a stun: or turn: server (repeatable)
  --ice-username NAME    user name for the turn: servers
  --ice-credential PASS  password for the turn: servers
  --relay-only           connect through TURN only (the peer never learns your address)
  --qr                   also draw your offer or answer as a QR code (on stderr)
  --link URL             print your offer or answer as a link to this join page,
                         e.g. --link https://example.org/join/ (the text travels
                         after #, never to the server); the peer's text may
                         likewise be a link
  --timeout SECONDS      give up connecting after this long: from reading the answer
                         (offer, default ${DEFAULT_CONNECT_TIMEOUT_S.offer}), or from printing it (answer,
                         default ${DEFAULT_CONNECT_TIMEOUT_S.answer}: the peer has to paste it first), from
                         accepting (listen, chat: default ${IRC_DEFAULTS_S.connectTimeout}); caps: how long to wait
                         for the answer (default ${IRC_DEFAULTS_S.capsTimeout})
  -h, --help             show this help and exit
  -v, --version          print the version and exit

IRC options:
  --irc URL              the server: irc://HOST[:PORT], ircs:// (TLS), ws:// or wss://
  --nick NICK            your nick (taken: _ is appended)
  --to PEER              the peer's nick (caps, chat)
  --accept-from NICK     listen: take calls from NICK (repeatable); others are blocked
  --accept-any           listen: take calls from anyone. Without one of these two,
                         listen takes no call and only answers capability queries
  --ring SECONDS         chat: how long the call rings before giving up (default ${IRC_DEFAULTS_S.ring};
                         with --join-link, how long to wait for the answer link: ${JOIN_LINK_TIMEOUT_MS / 1000})
  --join-link URL        chat: if PEER's client cannot take the call, send PEER a link to
                         this join page instead (one plain message, e.g.
                         --join-link https://example.org/join/), then wait for the
                         answer link the page shows, pasted back in the query

Exit codes:
  0 ok, 1 error, 2 usage, 3 unreadable peer text, 4 connection failed,
  5 peer unsupported or declined, 6 lost or unreachable IRC server, 130 interrupted
`;

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Runs the `parley` command line and resolves with its exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    io.stdout(HELP);
    return first === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  if (first === '-v' || first === '--version') {
    io.stdout(`${version()}\n`);
    return ExitCode.Ok;
  }
  if (first === 'offer' || first === 'answer') {
    const parsed = parseSessionArgs(rest, first === 'answer' ? 1 : 0);
    if (!parsed.ok) {
      io.stderr(`parley ${first}: ${parsed.message}. Run 'parley --help' for the options.\n`);
      return ExitCode.Usage;
    }
    if (parsed.help) {
      io.stdout(HELP);
      return ExitCode.Ok;
    }
    return first === 'offer' ? offer(io, parsed.options) : answer(io, parsed.options, parsed.positionals[0]);
  }
  if (first === 'listen' || first === 'caps' || first === 'chat') return runIrcCommand(first, rest, io);
  if (first === 'sdp') return sdp(io, rest);
  io.stderr(`parley: unknown command '${first}'. Run 'parley --help' for the list.\n`);
  return ExitCode.Usage;
}

function runIrcCommand(command: IrcCommand, args: readonly string[], io: CliIo): Promise<number> | number {
  const parsed = parseIrcArgs(command, args);
  if (!parsed.ok) {
    io.stderr(`parley ${command}: ${parsed.message}. Run 'parley --help' for the options.\n`);
    return ExitCode.Usage;
  }
  if (parsed.help) {
    io.stdout(HELP);
    return ExitCode.Ok;
  }
  const { options } = parsed;
  if (command === 'listen') return listen(io, options);
  const to = options.to ?? '';
  return command === 'caps' ? caps(io, { ...options, to }) : chat(io, { ...options, to });
}
