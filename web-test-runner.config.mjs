import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_FLAGS, chromiumPath } from '@parley/testing';

/**
 * Browser tests (`@open-wc/testing`, mocha style) of the Lit elements, in
 * Debian's Chromium. `pnpm test` runs this inside the loopback-only namespace.
 */
export default {
  files: ['packages/elements/src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['development', 'browser'] },
  // The named tsconfig is read raw (no `extends`): it must itself enable decorators.
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'packages/elements/tsconfig.json' })],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_FLAGS] },
    }),
  ],
  hostname: '127.0.0.1',
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
};
