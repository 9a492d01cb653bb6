/**
 * The web app's part of `npm start`: generates the contract bindings from the compiled artifacts,
 * then serves `web/` with Vite's dev server (cross-origin isolated; it reads the deployments folder
 * on each request) and waits until it answers. Environment: `IMO_WEB_PORT` (default 5173),
 * `IMO_NODE_URL` (the oracle node's API, when one runs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const WEB = path.join(ROOT, 'web');

export interface WebApp {
  url: string;
  process: ChildProcess;
}

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** A file inside an installed package (its bin scripts are not in its exports). */
function packageFile(name: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${name}/package.json`)), file);
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: WEB, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(args[0]!)} ${args.slice(1).join(' ')} failed (code ${code}):\n${output}`)),
    );
  });
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the web app's server exited early with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the web app did not answer on ${url} within ${timeoutMs / 1000} s`);
}

/**
 * Starts the web app on `host` and resolves once it serves its configuration. `nodeUrl` is the
 * oracle node's API the app should read (default `IMO_NODE_URL`; none: the chain alone).
 */
export async function startWebApp(options: {
  host: string;
  nodeUrl?: string;
  /** The processes `npm start` stops on Ctrl-C: the server joins them as soon as it is spawned. */
  children?: ChildProcess[];
}): Promise<WebApp> {
  const port = Number(process.env.IMO_WEB_PORT ?? 5173);
  if (await listening(options.host, port)) {
    throw new Error(
      `port ${port} on ${options.host} is already in use (another npm start?); stop it or set IMO_WEB_PORT`,
    );
  }
  const nodeUrl = options.nodeUrl ?? process.env.IMO_NODE_URL;
  const env = { ...process.env, ...(nodeUrl ? { IMO_NODE_URL: nodeUrl } : {}), IMO_SKIP_COMPILE: '1' };
  await run([packageFile('@wagmi/cli', 'dist/esm/cli.js'), 'generate'], env);
  const vite = spawn(
    process.execPath,
    [
      packageFile('vite', 'bin/vite.js'),
      '--host',
      options.host,
      '--port',
      String(port),
      '--strictPort',
      '--clearScreen',
      'false',
    ],
    { cwd: WEB, env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  options.children?.push(vite);
  const url = `http://${options.host}:${port}`;
  await waitForHttp(`${url}/imo-config.json`, vite, 60_000);
  return { url, process: vite };
}
