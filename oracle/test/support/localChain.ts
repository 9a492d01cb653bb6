import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { HDNodeWallet, JsonRpcProvider, Network, NonceManager, type Wallet } from 'ethers';
import { deploymentSchema, type Deployment } from '../../../scripts/deploy/deployments';

export const ROOT = path.join(__dirname, '..', '..', '..');
const HARDHAT = require.resolve('hardhat/internal/cli/bootstrap');
/** Hardhat's public test mnemonic (the dev accounts of `npm start`). */
const MNEMONIC = 'test test test test test test test test test test test junk';

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Dev account `i`'s wallet (Hardhat's mnemonic). */
export function devWallet(i: number, provider?: JsonRpcProvider): HDNodeWallet {
  const wallet = HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`);
  return provider ? wallet.connect(provider) : wallet;
}

/** A local chain for one test file: a Hardhat node on a free port with the `npm start` demo deployed. */
export interface LocalChain {
  rpcUrl: string;
  provider: JsonRpcProvider;
  deployment: Deployment;
  deploymentFile: string;
  /** A scratch directory removed by `stop`. */
  dir: string;
  /** A signer for dev account `i` that tracks its own nonces. */
  signer(i: number): NonceManager;
  /** Mines `n` blocks. */
  mine(n?: number): Promise<void>;
  /** Moves chain time forward by `seconds` and mines a block. */
  advance(seconds: number): Promise<void>;
  /** Interval mining every `ms` (0: off; transactions are still mined at once). */
  setIntervalMining(ms: number): Promise<void>;
  /** Turns automining (a block for each transaction) on or off. */
  setAutomine(on: boolean): Promise<void>;
  /** Takes a snapshot of the chain (state, blocks, pool): its id for `revert`. */
  snapshot(): Promise<string>;
  /**
   * Reverts to a snapshot: a reorg as the nodes see it (the blocks after it are gone, and new ones
   * take their numbers). Hardhat's nonces, pool and time offset go back with it.
   */
  revert(snapshotId: string): Promise<void>;
  /** The base fee of the next block (`hardhat_setNextBlockBaseFeePerGas`), in wei. */
  setNextBlockBaseFee(wei: bigint): Promise<void>;
  /** Freezes the Hardhat process (SIGSTOP): the RPC stops answering, connections hang. */
  pause(): void;
  /** Lets a paused Hardhat process run again (SIGCONT). */
  resume(): void;
  stop(): Promise<void>;
}

async function waitForRpc(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the Hardhat node exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the Hardhat node did not answer on ${url} within ${timeoutMs} ms`);
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(' ')} failed (${code}):\n${output}`)),
    );
  });
}

/**
 * Starts a Hardhat node on a free port (automine; interval mining off until asked), deploys the
 * protocol and seeds the `npm start` demo with `hardhat run`, and returns helpers.
 */
export async function startLocalChain(): Promise<LocalChain> {
  const port = await freePort();
  const rpcUrl = `http://127.0.0.1:${port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imo-e2e-'));
  const node = spawn(process.execPath, [HARDHAT, 'node', '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, IMO_NODE_MINING: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    await waitForRpc(rpcUrl, node, 120_000);
    const deploymentFile = path.join(dir, 'deployment.json');
    await run([HARDHAT, 'run', '--no-compile', '--network', 'localhost', path.join(__dirname, 'deployLocalChain.ts')], {
      ...process.env,
      IMO_RPC_URL: rpcUrl,
      IMO_DEPLOYMENT_OUT: deploymentFile,
    });
    const deployment = deploymentSchema.parse(JSON.parse(fs.readFileSync(deploymentFile, 'utf8')));
    const provider = new JsonRpcProvider(rpcUrl, Network.from(31337), {
      staticNetwork: true,
      polling: true,
      cacheTimeout: -1,
      batchStallTime: 0, // ethers otherwise holds every call 10 ms hoping to batch it
    });
    provider.pollingInterval = 200;
    const signers = new Map<number, NonceManager>();
    return {
      rpcUrl,
      provider,
      deployment,
      deploymentFile,
      dir,
      signer(i) {
        let s = signers.get(i);
        if (!s) signers.set(i, (s = new NonceManager(devWallet(i, provider) as unknown as Wallet)));
        return s;
      },
      async mine(n = 1) {
        for (let i = 0; i < n; i++) await provider.send('evm_mine', []);
      },
      async advance(seconds) {
        await provider.send('evm_increaseTime', [seconds]);
        await provider.send('evm_mine', []);
      },
      async setIntervalMining(ms) {
        await provider.send('evm_setIntervalMining', [ms]);
      },
      async setAutomine(on) {
        await provider.send('evm_setAutomine', [on]);
      },
      async snapshot() {
        return (await provider.send('evm_snapshot', [])) as string;
      },
      async revert(snapshotId) {
        if (!((await provider.send('evm_revert', [snapshotId])) as boolean))
          throw new Error(`no snapshot ${snapshotId} to revert to`);
        for (const s of signers.values()) s.reset();
      },
      async setNextBlockBaseFee(wei) {
        await provider.send('hardhat_setNextBlockBaseFeePerGas', [`0x${wei.toString(16)}`]);
      },
      pause() {
        node.kill('SIGSTOP');
      },
      resume() {
        node.kill('SIGCONT');
      },
      async stop() {
        node.kill('SIGCONT');
        provider.destroy();
        node.kill('SIGKILL');
        await new Promise((r) => (node.exitCode !== null ? r(undefined) : node.once('exit', r)));
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    node.kill('SIGKILL');
    throw error;
  }
}
