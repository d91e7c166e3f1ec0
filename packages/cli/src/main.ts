import { readFileSync } from 'node:fs';
import { ExitCode } from './exit-codes.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const HELP = `parley — peer-to-peer calls, chat and file transfer over WebRTC

Usage:
  parley <command> [options]

Commands arrive with the core and IRC transports; see the package README.

Options:
  -h, --help       show this help and exit
  -v, --version    print the version and exit

Exit codes:
  0 ok, 1 error, 2 usage, 3 unreadable peer text, 4 connection failed,
  5 peer unsupported or declined, 130 interrupted
`;

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Runs the `parley` command line and resolves with its exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [first] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    io.stdout(HELP);
    return first === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  if (first === '-v' || first === '--version') {
    io.stdout(`${version()}\n`);
    return ExitCode.Ok;
  }
  io.stderr(`parley: unknown command '${first}'. Run 'parley --help' for the list.\n`);
  return ExitCode.Usage;
}
