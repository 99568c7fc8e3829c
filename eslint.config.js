import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * The domain (registry contract, stats, analysis, controller, actions, incidents) imports no
 * driver, framework or process wiring: adapters implement its contracts, one folder each, and
 * server/ wires them. test/domain-boundary.test.ts proves these rules fire.
 */
export const DOMAIN_FILES = [
  'src/registry/**/*.ts',
  'src/stats/**/*.ts',
  'src/analysis/**/*.ts',
  'src/controller/**/*.ts',
  'src/actions/**/*.ts',
  'src/incidents/**/*.ts',
];
/** Adapter implementations live under the domain's contract folders and may use drivers. */
export const ADAPTER_FILES = ['src/analysis/providers/*/**', 'src/actions/executors/*/**'];
export const DRIVERS = [
  'kysely',
  'pg',
  'better-sqlite3',
  'fastify',
  'undici',
  'pino',
  'prom-client',
  'node:http',
  'node:https',
  'node:net',
  'node:child_process',
];
const ADAPTER_FOLDERS = [
  'store',
  'api',
  'server',
  'gateway',
  'cli',
  'demo',
  'traffic',
  'notifiers',
  'leases',
];
/** Contracts that live beside their adapters' folders: the domain may depend on these files, not the adapters. */
const ADAPTER_CONTRACTS = {
  traffic: ['./traffic-router.ts'],
  notifiers: ['./notifier.ts'],
  leases: ['./leader-lease.ts', './shard-leases.ts'],
};

/** src/ never imports test/ or bench/ (the domain blocks below repeat it: a later block replaces a rule). */
const OUTSIDE_SRC_ZONES = ['test', 'bench'].map((folder) => ({
  target: './src',
  from: `./${folder}`,
  message: `src/ never imports ${folder}/: move what both need into src/ or into ${folder}/`,
}));

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.ripcord/**',
      'src/dashboard/dist/**',
      'bench/**/.out/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', 'web/**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver()] },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': ['error', { maxDepth: 10 }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: OUTSIDE_SRC_ZONES,
        },
      ],
    },
  },
  {
    files: DOMAIN_FILES,
    ignores: ADAPTER_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: DRIVERS.map((name) => ({
            name,
            message:
              'the domain imports no driver: define a contract here and implement it in an adapter folder',
          })),
        },
      ],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...ADAPTER_FOLDERS.map((folder) => ({
              target: './src',
              from: `./src/${folder}`,
              except: ADAPTER_CONTRACTS[folder] ?? [],
              message: `the domain never imports ${folder}/: depend on a contract, and let server/ wire the adapter`,
            })),
            ...OUTSIDE_SRC_ZONES,
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
