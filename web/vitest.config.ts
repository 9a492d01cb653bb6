import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const RUNTIME_DIR = path.resolve(import.meta.dirname, '..', 'oracle', 'src', 'runtime');
const SHARED_DIR = path.resolve(import.meta.dirname, '..', 'oracle', 'src');

/**
 * Two projects: `unit` (components and the pure modules beside them, in happy-dom) and `e2e` (the
 * whole stack — `npm start` on free ports — driven in headless Chromium).
 */
export default defineConfig({
  plugins: [react()],
  resolve: { alias: { '@imo/runtime': RUNTIME_DIR, '@imo/oracle': SHARED_DIR } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'happy-dom',
          include: ['src/**/*.test.{ts,tsx}', 'server/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
