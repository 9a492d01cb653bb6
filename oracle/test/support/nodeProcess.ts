import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT, freePort } from './localChain';

const CLI = path.join(ROOT, 'oracle', 'src', 'service', 'cli', 'main.ts');
const TSX = require.resolve('tsx/cli');

/** A real oracle node process (`npm run oracle -- serve`) started by a test. */
export interface NodeProcess {
  url: string;
  child: ChildProcess;
  /** Every JSON log line so far. */
  logs: Record<string, unknown>[];
  /** Everything it printed that was not a JSON log line. */
  text(): string;
  /** GETs a path of its API as JSON (with the status). */
  get<T = Record<string, unknown>>(route: string): Promise<{ status: number; body: T }>;
  /** SIGTERM and wait (a clean stop). */
  stop(): Promise<void>;
  /** SIGKILL and wait (a crash). */
  kill(): Promise<void>;
}

/** What a test sets for a node: the environment variables (IMO_ORACLE_*) it runs with. */
export interface StartNodeParameters {
  rpcUrl: string;
  deploymentFile: string;
  dataDir: string;
  key?: string;
  env?: Record<string, string>;
  /** Default 60 s. */
  timeoutMs?: number;
  /** A script to run instead of `serve` (a test build of the node, e.g. a dishonest one). */
  entry?: string;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );
}

/** Spawns a node with `serve` and waits for its API's /health. */
export async function startNode(p: StartNodeParameters): Promise<NodeProcess> {
  const port = await freePort();
  const args = p.entry ? [TSX, p.entry] : [TSX, CLI, 'serve', '--exit-with-parent'];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      IMO_ORACLE_RPC_URL: p.rpcUrl,
      IMO_ORACLE_DEPLOYMENTS: p.deploymentFile,
      IMO_ORACLE_DATA_DIR: p.dataDir,
      IMO_ORACLE_PORT: String(port),
      IMO_ORACLE_POLL_INTERVAL_MS: '200',
      IMO_ORACLE_WORKERS: '1',
      IMO_ORACLE_LOG_FORMAT: 'json',
      IMO_ORACLE_LOG_LEVEL: 'debug',
      IMO_ORACLE_WITHDRAW_THRESHOLD_ETH: 'none',
      ...(p.key ? { IMO_ORACLE_KEY: p.key } : {}),
      ...p.env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let text = '';
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        text += `${line}\n`;
      }
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  const node: NodeProcess = {
    url,
    child,
    logs,
    text: () => text,
    async get<T>(route: string) {
      const res = await fetch(`${url}${route}`, { signal: AbortSignal.timeout(10_000) });
      return { status: res.status, body: (await res.json()) as T };
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
  };
  const deadline = Date.now() + (p.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the node exited with code ${child.exitCode}: ${text}`);
    try {
      if ((await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) })).ok) return node;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await node.kill();
      throw new Error(`the node did not start within ${p.timeoutMs ?? 60_000} ms: ${text}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Runs a CLI command to its end (killed after `timeoutMs`): exit code and output. */
export function runCli(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return runTsScript(CLI, args, env, timeoutMs);
}

/** Runs a TypeScript entry point with tsx to its end (killed after `timeoutMs`): exit code and output. */
export function runTsScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TSX, script, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', () => clearTimeout(timer));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Polls `check` until it returns something other than undefined (or throws after `timeoutMs`). */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
