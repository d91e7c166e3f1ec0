import { execFileSync } from 'node:child_process';
import puppeteer, { type Browser } from 'puppeteer-core';

export type { Browser as FirefoxBrowser, Page as FirefoxPage } from 'puppeteer-core';
import { findExecutable, MissingProgramError, requireExecutable } from './executables.js';
import { assertLoopbackOnly } from './netns.js';

/** Fake camera and microphone, no permission prompts, host candidates on loopback, no mDNS names. */
export const FIREFOX_PREFS: Readonly<Record<string, unknown>> = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.autoplay.default': 0,
};

/** The Firefox binary: `FIREFOX_PATH`, else Debian's `firefox-esr`; undefined when neither exists. */
export function firefoxPath(): string | undefined {
  return process.env['FIREFOX_PATH'] || findExecutable('firefox-esr') || findExecutable('firefox');
}

/**
 * Firefox gathers only "default" addresses, found by connecting a UDP socket
 * towards 8.8.8.8 (which sends no packet); with no route at all it gathers no
 * candidate. Inside the loopback-only namespace a default route through `lo`
 * (source 127.0.0.1) gives it one, and every packet still stays on loopback.
 */
export function routeDefaultThroughLoopback(): void {
  assertLoopbackOnly();
  const ip = requireExecutable('ip');
  if (!execFileSync(ip, ['route', 'show', 'default'], { encoding: 'utf8' }).trim()) {
    execFileSync(ip, ['route', 'add', 'default', 'dev', 'lo', 'src', '127.0.0.1']);
  }
}

/** Launches headless Firefox (WebDriver BiDi, puppeteer-core) inside the loopback-only namespace only. */
export async function launchFirefox(): Promise<Browser> {
  const executablePath = firefoxPath();
  if (!executablePath) {
    throw new MissingProgramError(
      'Firefox is not installed. Install it with: sudo apt-get install -y firefox-esr (or set FIREFOX_PATH)',
    );
  }
  routeDefaultThroughLoopback();
  return puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    extraPrefsFirefox: { ...FIREFOX_PREFS },
  });
}
