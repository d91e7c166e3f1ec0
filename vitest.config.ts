import { defineConfig } from 'vitest/config';

/**
 * Projects:
 * - `unit`: logic of the Node-side packages, beside the code (`src/**\/*.test.ts`).
 * - `real`: tests through real parts (Chromium, InspIRCd, coturn, Node WebRTC),
 *   `*.real.test.ts`; they refuse to run outside the loopback-only namespace.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/{core,irc,cli,testing,invite}/src/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/*.real.test.ts', '**/node_modules/**', '**/dist/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'real',
          include: ['packages/*/src/**/*.real.test.ts', 'apps/*/src/**/*.real.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          environment: 'node',
          globalSetup: ['packages/testing/dist/global-setup.js'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Two cores: browsers and servers from parallel files only slow each other down.
          fileParallelism: false,
        },
      },
    ],
  },
});
