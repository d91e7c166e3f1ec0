import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { findExecutable, MissingProgramError } from './executables.js';
import { assertLoopbackOnly } from './netns.js';

/**
 * Flags for Debian's Chromium in the loopback-only namespace: fake media
 * devices, no background traffic, no DNS, and loopback ICE candidates
 * (without which Chromium gathers nothing when only `lo` exists).
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost',
];

/** The Chromium binary: `CHROME_PATH`, else Debian's `chromium`. */
export function chromiumPath(): string {
  const fromEnv = process.env['CHROME_PATH'];
  if (fromEnv) return fromEnv;
  const found = findExecutable('chromium') ?? findExecutable('chromium-browser');
  if (found) return found;
  throw new MissingProgramError(
    'Chromium is not installed. Install it with: sudo apt-get install -y chromium (or set CHROME_PATH)',
  );
}

export interface ChromiumOptions {
  /** Extra command-line flags, e.g. `--use-file-for-fake-video-capture=…`. */
  args?: readonly string[];
  launch?: Omit<LaunchOptions, 'executablePath' | 'args'>;
}

/** Launches headless Chromium inside the loopback-only namespace (refuses elsewhere). */
export async function launchChromium(options: ChromiumOptions = {}): Promise<Browser> {
  assertLoopbackOnly();
  return chromium.launch({
    headless: true,
    ...options.launch,
    executablePath: chromiumPath(),
    args: [...CHROMIUM_FLAGS, ...(options.args ?? [])],
  });
}
