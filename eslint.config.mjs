import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';

/** src/ folders every feature may use, which import no feature (see docs/architecture.md). */
const INFRASTRUCTURE = [
  'config',
  'database',
  'redis',
  'queue',
  'common',
  'access',
  'crypto',
  'logging',
  'sentry',
  'live-log',
];
/** src/ folders of the product's domains. */
const FEATURES = [
  'api-keys',
  'audit',
  'auth',
  'bots',
  'deliveries',
  'executions',
  'github',
  'health',
  'metrics',
  'schedules',
  'sessions',
  'streams',
  'templates',
  'terminals',
  'throttling',
  'triggers',
  'users',
  'web',
  'webhooks',
];

export default tseslint.config(
  {
    ignores: ['node_modules', 'dist', 'web/dist', 'coverage', 'bench/results', 'web/src/api/schema.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Single-file components: vue-eslint-parser for the template, typescript-eslint for <script setup lang="ts">.
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['web/**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser }, globals: globals.browser },
  },
  // Last of the shared sets: formatting is Prettier's, so its rules win over the style ones above.
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through the config module.' },
      ],
    },
  },
  // Thin controllers: the I/O libraries live in repositories and adapters, never in a controller.
  {
    files: ['src/**/*.controller.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['kysely', 'ioredis', 'bullmq', 'pg'].map((name) => ({
            name,
            message: 'Controllers pass the identity and the DTO to a service; I/O lives in repositories.',
          })),
        },
      ],
    },
  },
  // Infrastructure sits below the features (docs/architecture.md): it imports none of them.
  {
    files: INFRASTRUCTURE.map((folder) => `src/${folder}/**`),
    // Specs may put layers together (a pipe's budget with the real DTOs, say).
    ignores: ['src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: FEATURES.map((folder) => `**/${folder}/**`),
              message:
                'Infrastructure (config, database, redis, queue, common, …) may not import a feature folder.',
            },
          ],
        },
      ],
    },
  },
  // The API client sits below the features: they use it, it knows none of them.
  {
    files: ['web/src/api/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/features/**'], message: 'web/src/api may not import web/src/features.' }],
        },
      ],
    },
  },
  {
    files: ['src/config/**', 'test/**', 'bench/**', 'vitest.config.ts', 'web/**', '**/*.mjs', '**/*.cjs'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', 'test/fakes/**'],
    languageOptions: { globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
