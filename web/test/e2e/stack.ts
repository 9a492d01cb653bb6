/**
 * The real local stack for end-to-end tests: `npm start` (scripts/start.ts) on free ports with its
 * own deployments folder, so a developer's running `npm start` is never touched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Deployment } from '../../src/config/appConfig';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

export interface Stack {
  rpcUrl: string;
  webUrl: string;
  deployment: Deployment;
  /** The deployment file `npm start` wrote (in a folder of its own). */
  deploymentFile: string;
  /** Seconds from spawning `npm start` to "Running." (chain, contracts, demo and web app answering). */
  startSeconds: number;
  stop(): Promise<void>;
}

/** A port nobody listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `npm start` on free ports and resolves once it prints that everything runs. */
export async function startStack(timeoutMs = 240_000): Promise<Stack> {
  const [rpcPort, webPort] = [await freePort(), await freePort()];
  const deployments = fs.mkdtempSync(path.join(os.tmpdir(), 'imo-e2e-deployments-'));
  const started = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/start.ts'],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        IMO_RPC_PORT: String(rpcPort),
        IMO_WEB_PORT: String(webPort),
        IMO_VERIFIER_PORT: String(await freePort()),
        // no demo verifier: the disputes flow plays its own challenge by hand, and a verifier's game
        // would strike the result first (verifiers are tested in oracle/test/dispute.e2e.test.ts)
        IMO_VERIFIER: 'off',
        // nor does the demo operator's node check others' results (it would challenge the same lie)
        IMO_ORACLE_VERIFY: 'false',
        IMO_DEPLOYMENTS_DIR: deployments,
        IMO_BLOCK_INTERVAL_MS: '1000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid, 'SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    }
    // npm start may have exited on an error and left a child behind in its group (the web app)
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is gone
    }
    fs.rmSync(deployments, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`npm start did not finish within ${timeoutMs / 1000} s:\n${output}`)),
        timeoutMs,
      );
      const onData = (d: Buffer) => {
        output += d.toString();
        if (output.includes('Running. Press Ctrl-C to stop.')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited with code ${code}:\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const startSeconds = (performance.now() - started) / 1000;
  const webUrl = /== web app\s+(\S+)/.exec(output)?.[1];
  if (!webUrl) throw new Error(`npm start printed no web app URL:\n${output}`);
  const deploymentFile = path.join(deployments, '31337.json');
  const deployment = JSON.parse(fs.readFileSync(deploymentFile, 'utf8')) as Deployment;
  return { rpcUrl: `http://127.0.0.1:${rpcPort}`, webUrl, deployment, deploymentFile, startSeconds, stop };
}
