import { compactSdp, type SessionDescription } from '@parley/core';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../main.js';

export const SDP_HELP = `Usage:
  parley sdp encode [--type offer|answer] [--exact]   raw SDP (or {"type","sdp"} JSON) on stdin → compact text
  parley sdp decode [--json]                          compact text on stdin → the SDP (or {"type","sdp"} JSON)

encode needs --type unless stdin is JSON with a type. --exact keeps the SDP byte for
byte (by default the o= session id and candidate foundations are normalised).
Exit codes: 0 ok, 2 usage (or unreadable input for encode), 3 the compact text could not be read.
`;

/** Longest stdin read: an SDP is at most 128 KB, its JSON a little more. */
const MAX_INPUT = 512 * 1024;

async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
    if (text.length > MAX_INPUT) throw new RangeError(`stdin is over ${MAX_INPUT} bytes`);
  }
  return text + decoder.decode();
}

function usage(io: CliIo, message: string): number {
  io.stderr(`parley sdp: ${message}. Run 'parley sdp --help' for the usage.\n`);
  return ExitCode.Usage;
}

/** Reads `{type, sdp}` JSON, or undefined when the input is not such JSON. */
function fromJson(text: string): Partial<SessionDescription> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const value = JSON.parse(text) as { type?: unknown; sdp?: unknown };
    if (typeof value.sdp !== 'string') return undefined;
    return {
      sdp: value.sdp,
      ...((value.type === 'offer' || value.type === 'answer') && { type: value.type }),
    };
  } catch {
    return undefined;
  }
}

/** `parley sdp encode|decode`: stdin to stdout. */
export async function sdp(io: CliIo, args: readonly string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action === undefined || action === '-h' || action === '--help') {
    io.stdout(SDP_HELP);
    return action === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  if (action !== 'encode' && action !== 'decode') return usage(io, `unknown action '${action}'`);
  let type: SessionDescription['type'] | undefined;
  let exact = false;
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--help' || arg === '-h') {
      io.stdout(SDP_HELP);
      return ExitCode.Ok;
    } else if (action === 'encode' && arg === '--type') {
      const value = rest[++i];
      if (value !== 'offer' && value !== 'answer') return usage(io, '--type takes offer or answer');
      type = value;
    } else if (action === 'encode' && arg === '--exact') exact = true;
    else if (action === 'decode' && arg === '--json') json = true;
    else return usage(io, `unknown option '${arg}'`);
  }
  let input: string;
  try {
    input = await readAll(io.stdin ?? process.stdin);
  } catch (error) {
    return usage(io, error instanceof Error ? error.message : String(error));
  }

  if (action === 'decode') {
    const result = await compactSdp.decode(input);
    if (!result.ok) {
      io.stderr(`parley sdp decode: ${result.error.message} (${result.error.code})\n`);
      return ExitCode.BadSignal;
    }
    io.stdout(json ? `${JSON.stringify(result.value)}\n` : result.value.sdp);
    return ExitCode.Ok;
  }

  const parsed = fromJson(input);
  const desc = { type: type ?? parsed?.type, sdp: parsed?.sdp ?? input };
  if (desc.type === undefined) return usage(io, 'encode needs --type offer|answer (or JSON input with a type)');
  if (!desc.sdp.startsWith('v=0')) return usage(io, 'stdin is not an SDP (it does not start with v=0)');
  io.stdout(`${await compactSdp.encode({ type: desc.type, sdp: desc.sdp }, { exact })}\n`);
  return ExitCode.Ok;
}
