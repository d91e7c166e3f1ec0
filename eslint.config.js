import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { configs as litConfigs } from 'eslint-plugin-lit';
import { configs as wcConfigs } from 'eslint-plugin-wc';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'storybook-static/**',
      'bench/results/**',
      '**/custom-elements.json',
      '.test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['packages/elements/src/**/*.ts', 'apps/*/src/**/*.ts'],
    ...litConfigs['flat/recommended'],
  },
  {
    files: ['packages/elements/src/**/*.ts', 'apps/*/src/**/*.ts'],
    ...wcConfigs['flat/recommended'],
  },
  {
    // The core runs everywhere: platform APIs only, no DOM and no Node built-ins.
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'document', message: '@parley/core must not use the DOM.' },
        { name: 'window', message: '@parley/core must not use the DOM; use globalThis.' },
        { name: 'navigator', message: '@parley/core must not use the DOM.' },
        { name: 'process', message: '@parley/core must not use Node built-ins.' },
        { name: 'Buffer', message: '@parley/core must not use Node built-ins; use Uint8Array.' },
        { name: 'require', message: '@parley/core is ESM only.' },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*'], message: '@parley/core must not use Node built-ins.' }] },
      ],
    },
  },
  {
    // `@parley/irc`'s main entry runs in browsers too; only its adapters
    // (subpath exports) may use Node or irc-framework.
    files: ['packages/irc/src/**/*.ts'],
    ignores: ['packages/irc/src/adapters/**', 'packages/irc/src/**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'process', message: "@parley/irc's main entry must not use Node built-ins." },
        { name: 'Buffer', message: "@parley/irc's main entry must not use Node built-ins; use Uint8Array." },
        { name: 'require', message: '@parley/irc is ESM only.' },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: "@parley/irc's main entry must not use Node built-ins." },
            { group: ['irc-framework', 'ws'], message: 'Only adapters/ may import irc-framework or ws.' },
            { group: ['./adapters/*'], message: 'The main entry must not pull in the Node/irc-framework adapters.' },
            {
              group: ['@parley/invite/*'],
              message: "Only @parley/invite's main entry (the invite texts); its QR and sound entries load libraries.",
            },
          ],
        },
      ],
    },
  },
  {
    // `@parley/invite`'s main entry (the invite texts) runs in browsers and stays
    // light: no Node built-ins, and none of the QR or sound libraries, which
    // only its subpath exports (`/qr`, `/scan`, `/sound`) may load.
    files: ['packages/invite/src/index.ts', 'packages/invite/src/invite-*.ts', 'packages/invite/src/bundle-role.ts'],
    ignores: ['packages/invite/src/**/*.test.ts', 'packages/invite/src/**/*.test-util.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'process', message: "@parley/invite's main entry must not use Node built-ins." },
        { name: 'Buffer', message: "@parley/invite's main entry must not use Node built-ins; use Uint8Array." },
        { name: 'require', message: '@parley/invite is ESM only.' },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: "@parley/invite's main entry must not use Node built-ins." },
            { group: ['uqr', 'jsqr', 'ggwave'], message: 'Only the /qr, /scan and /sound entries may load libraries.' },
            {
              group: ['./qr*', './scan*', './sound*', './ggwave*'],
              message: 'The main entry must not pull in QR codes or sound; they are subpath exports.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/elements/src/**/*.test.ts'],
    languageOptions: {
      globals: {
        describe: 'readonly',
        it: 'readonly',
        before: 'readonly',
        after: 'readonly',
        beforeEach: 'readonly',
        afterEach: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
