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
/** Where packages whose URI is a path inside the repository are served (the demo's bundled models). */
export const LOCAL_PACKAGES_PATH = '/local-packages';
const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const PACKAGE_FILES = new Set(['manifest.json', 'params.bin']);

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

/**
 * The file of a repository-relative package URI (`oracle/models/digits/manifest.json`), or undefined
 * unless it is a package file (`manifest.json`, `params.bin`) inside the repository.
 */
export function localPackageFile(uriPath: string): string | undefined {
  const file = path.resolve(REPO_ROOT, decodeURIComponent(uriPath).replace(/^\/+/, ''));
  const inside = file.startsWith(REPO_ROOT + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`);
  return inside && PACKAGE_FILES.has(path.basename(file)) && fs.existsSync(file) ? file : undefined;
}

type Next = () => void;
type Res = { statusCode: number; setHeader(k: string, v: string): void; end(body?: string | Buffer): void };

function servePackage(req: { url?: string }, res: Res, next: Next) {
  const file = localPackageFile((req.url ?? '').split('?')[0] ?? '');
  if (!file) return next();
  res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.end(fs.readFileSync(file));
}

/** The Vite plugin: serves the config and local packages in dev and preview, and writes the config into a build. */
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
      server.middlewares.use(LOCAL_PACKAGES_PATH, servePackage);
    },
    configurePreviewServer(server) {
      server.middlewares.use(APP_CONFIG_PATH, serve);
      server.middlewares.use(LOCAL_PACKAGES_PATH, servePackage);
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: APP_CONFIG_PATH.slice(1), source: JSON.stringify(readAppConfig()) });
    },
  };
}
