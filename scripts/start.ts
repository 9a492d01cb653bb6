/**
 * `npm start`: brings up everything built so far on one machine and prints what runs where.
 * Stage 1: a local Hardhat node on 127.0.0.1 (interval mining and mining on each transaction), the
 * contracts, the demo models with holders and revenue, and `deployments/<chainId>.json`.
 * Ctrl-C stops it all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const HOST = '127.0.0.1';
const PORT = Number(process.env.IMO_RPC_PORT ?? 8545);
const RPC_URL = `http://${HOST}:${PORT}`;
/** The demo operator's oracle node API (the web app reads it). */
const ORACLE_PORT = Number(process.env.IMO_ORACLE_PORT ?? PORT + 1);
const ORACLE_URL = `http://${HOST}:${ORACLE_PORT}`;
/** The demo verifier's API (scripts/start/demoOracleNode.ts). */
const VERIFIER_PORT = Number(process.env.IMO_VERIFIER_PORT ?? PORT + 2);
const ROOT = path.join(__dirname, '..');

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitForRpc(child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the Hardhat node exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(RPC_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the Hardhat node did not answer on ${RPC_URL} within ${timeoutMs / 1000} s`);
}

async function main(): Promise<void> {
  if (await portInUse(PORT)) {
    throw new Error(`port ${PORT} on ${HOST} is already in use (another npm start?); stop it or set IMO_RPC_PORT`);
  }
  const hardhatBin = require.resolve('hardhat/internal/cli/bootstrap');
  await runToEnd(process.execPath, [hardhatBin, 'compile', '--quiet']);

  const node = spawn(process.execPath, [hardhatBin, 'node', '--hostname', HOST, '--port', String(PORT)], {
    cwd: ROOT,
    env: { ...process.env, IMO_NODE_MINING: 'interval' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const children: ChildProcess[] = [node];
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    for (const child of children) if (child.exitCode === null) child.kill('SIGINT');
    setTimeout(() => process.exit(code), 500).unref();
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  node.on('exit', (code) => {
    if (!stopping) {
      console.error(`the Hardhat node exited (code ${code})`);
      stop(1);
    }
  });
  node.stderr?.on('data', (d: Buffer) => process.stderr.write(d));

  await waitForRpc(node, 60_000);
  process.env.HARDHAT_NETWORK = 'localhost';
  process.env.IMO_RPC_URL = RPC_URL;
  // Loaded only now: Hardhat reads HARDHAT_NETWORK when it is first required.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { setUpLocalChain } = require('./deploy/setUpLocalChain') as typeof import('./deploy/setUpLocalChain');
  // The web app starts beside the deployment (it reads deployments/ on each request).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startWebApp } = require('./web/startWebApp') as typeof import('./web/startWebApp');
  const webApp = startWebApp({ host: HOST, children, nodeUrl: ORACLE_URL });
  webApp.catch(() => undefined); // awaited below; a failure is reported there
  const summary = await setUpLocalChain(RPC_URL);
  console.log(summary);
  console.log(`\n== web app       ${(await webApp).url}`);
  // The demo operator's oracle node (scripts/start/demoOracleNode.ts).
  const { startDemoOracleNode, startDemoVerifier } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('./start/demoOracleNode') as typeof import('./start/demoOracleNode');
  console.log(await startDemoOracleNode({ rpcUrl: RPC_URL, port: ORACLE_PORT, dataKey: PORT, children }));
  // A verifier beside it: re-runs every result, challenges and plays a wrong one (IMO_VERIFIER=off: none,
  // e.g. to play a game by hand with nobody else challenging).
  if (process.env.IMO_VERIFIER !== 'off') {
    console.log(await startDemoVerifier({ rpcUrl: RPC_URL, port: VERIFIER_PORT, dataKey: PORT, children }));
  }
  console.log('\nRunning. Press Ctrl-C to stop.');
}

function runToEnd(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(' ')} failed with code ${code}`)),
    );
  });
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
