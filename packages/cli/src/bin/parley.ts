#!/usr/bin/env node
import { main } from '../main.js';
import { shutdownWebRtc } from '../node-webrtc.js';

// A reader that went away (`parley offer | head -1`) is no crash.
process.stdout.on('error', () => undefined);

main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: process.stdin,
}).then(
  (code) => exit(code),
  (error: unknown) => {
    process.stderr.write(`parley: ${error instanceof Error ? error.message : String(error)}\n`);
    exit(1);
  },
);

/** node-datachannel keeps the process alive: stop it, then exit explicitly. */
function exit(code: number): never {
  try {
    shutdownWebRtc();
  } catch {
    // exiting anyway
  }
  process.exit(code);
}
