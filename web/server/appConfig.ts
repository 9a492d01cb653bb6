/**
 * What the web app learns from the machine that serves it, as `/imo-config.json`: every
 * deployment in the deployments folder (`deployments/<chainId>.json`, written by `npm start` or a
 * deploy) and the oracle node's API URL when one runs. The dev server and the preview serve it
 * fresh on each request (a restarted chain shows at once); a production build embeds a copy.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/** The served configuration (the app validates it again in `src/config/appConfig.ts`). */
export interface ServedAppConfig {
  deployments: unknown[];
  nodeUrl: string | null;
}

export const APP_CONFIG_PATH = '/imo-config.json';

/** The deployments folder: `IMO_DEPLOYMENTS_DIR`, or the repository's `deployments/`. */
export function deploymentsDir(): string {
  return process.env.IMO_DEPLOYMENTS_DIR ?? path.resolve(import.meta.dirname, '..', '..', 'deployments');
}

/** Reads every `<chainId>.json` in the deployments folder (none yet: an empty list). */
export function readAppConfig(): ServedAppConfig {
  const dir = deploymentsDir();
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^\d+\.json$/.test(f)) : [];
  const deployments = files
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as unknown);
  return { deployments, nodeUrl: process.env.IMO_NODE_URL ?? null };
}

/** The Vite plugin: serves the config in dev and preview, and writes it into a build. */
export function appConfigPlugin(): Plugin {
  const serve = (_req: unknown, res: { setHeader(k: string, v: string): void; end(body: string): void }) => {
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Cache-Control', 'no-store');
    res.end(JSON.stringify(readAppConfig()));
  };
  return {
    name: 'imo-app-config',
    configureServer(server) {
      server.middlewares.use(APP_CONFIG_PATH, serve);
    },
    configurePreviewServer(server) {
      server.middlewares.use(APP_CONFIG_PATH, serve);
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: APP_CONFIG_PATH.slice(1), source: JSON.stringify(readAppConfig()) });
    },
  };
}
