import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { appConfigPlugin } from './server/appConfig.ts';

/**
 * Cross-origin isolation (COOP + COEP) on every page, so the runtime can use SharedArrayBuffer and
 * run on two threads; the RPC node and the oracle node answer with CORS, which isolation allows.
 */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** The runtime's browser-safe sources, imported in place (one copy of the runtime). */
const RUNTIME_DIR = path.resolve(import.meta.dirname, '..', 'oracle', 'src', 'runtime');
/** The other browser-safe modules the app shares with the CLI (formatting, launch rules, the dispute moves). */
const SHARED_DIR = path.resolve(import.meta.dirname, '..', 'oracle', 'src');

export default defineConfig({
  plugins: [react(), appConfigPlugin()],
  resolve: { alias: { '@imo/runtime': RUNTIME_DIR, '@imo/oracle': SHARED_DIR } },
  // The dev server may read the npm workspace root (Vite's default), which holds the runtime's sources.
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  build: { target: 'es2022', chunkSizeWarningLimit: 1500 },
});
