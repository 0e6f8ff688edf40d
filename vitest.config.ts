import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC compiles the server code so Nest's decorator metadata works as in the tsc build.
const server = { plugins: [swc.vite({ module: { type: 'es6' } })] };

export default defineConfig({
  test: {
    reporters: ['default', './test/setup/summary-reporter.ts'],
    projects: [
      {
        ...server,
        test: {
          name: 'unit',
          include: ['src/**/*.spec.ts', 'test/unit/**/*.spec.ts'],
          environment: 'node',
        },
      },
      {
        ...server,
        test: {
          name: 'medium',
          include: ['test/medium/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/setup/services.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        ...server,
        test: {
          name: 'cluster',
          include: ['test/cluster/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/setup/services.ts', 'test/setup/build.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      // The web console in headless Chromium against the built API and worker.
      {
        ...server,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/setup/services.ts', 'test/setup/build.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // After the other projects: a browser beside the cluster tests would crowd their deadlines.
          sequence: { groupOrder: 1 },
        },
      },
      // The web app's component tests, with its own Vite config (Vue plugin, jsdom).
      'web/vitest.config.ts',
    ],
  },
});
