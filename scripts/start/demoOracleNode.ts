/**
 * `npm start`'s oracle node: the demo operator (dev account 6, staked and opted in by the seed) runs
 * a real node process against the local chain, and a few requests are made and finalized through it
 * so the demo's charts and balances have history. Its log goes to a file; its API URL is printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import hre from 'hardhat';
import { encodeTextPrompt } from '../../oracle/src/client/textCodec';
import { DEPLOYMENTS_DIR } from '../deploy/deployments';
import { goldenDigitsInputs } from '../runtime/goldenDigitsInputs';

const ROOT = path.join(__dirname, '..', '..');
/** The demo operator: dev account 6 (staked 10 ETH and opted in to every model by the seed). */
const OPERATOR_ACCOUNT = 6;
/**
 * The demo verifier: dev account 19 (used by nothing else in the demo, the tests or the bench; no
 * stake, its 10,000 dev ETH pays challenge bonds).
 */
const VERIFIER_ACCOUNT = 19;
/** Who pays the demo requests: dev account 5. */
const REQUESTER_ACCOUNT = 5;
const SEED_ROUNDS = 3;

/** What `startDemoOracleNode` needs from `npm start`. */
export interface StartDemoOracleNodeParameters {
  rpcUrl: string;
  /** The node's API port. */
  port: number;
  /** Names the demo's data directory (`.imo/demo-<dataKey>`): the RPC port, one per chain. */
  dataKey: number;
  /** The node process is added here so Ctrl-C stops it with the rest. */
  children: ChildProcess[];
}

function devKey(index: number): string {
  const accounts = hre.config.networks.hardhat.accounts;
  if (!('mnemonic' in accounts)) throw new Error('the demo needs Hardhat mnemonic accounts');
  return hre.ethers.HDNodeWallet.fromPhrase(accounts.mnemonic, undefined, `m/44'/60'/0'/0/${index}`).privateKey;
}

async function waitForHealth(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the oracle node exited with code ${child.exitCode}; see ${logFile}`);
    }
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the oracle node did not answer on ${url} within ${timeoutMs / 1000} s; see ${logFile}`);
}

/**
 * Starts the demo operator's node (API on `port`: `IMO_ORACLE_PORT`, default the RPC port + 1), waits for
 * it, and seeds a few finalized requests in the background. Returns the lines to print.
 */
export async function startDemoOracleNode(parameters: StartDemoOracleNodeParameters): Promise<string> {
  const dir = path.join(ROOT, '.imo', `demo-${parameters.dataKey}`);
  fs.rmSync(dir, { recursive: true, force: true }); // a fresh chain: a fresh node database
  fs.mkdirSync(dir, { recursive: true });
  const { url, logFile } = await spawnNode(parameters, dir, 'oracle', { IMO_ORACLE_KEY: devKey(OPERATOR_ACCOUNT) });
  void seedDemoRequests().then(
    (n) => console.log(`\n[oracle node] ${n} demo requests answered and finalized by the demo operator`),
    (error: unknown) => console.error(`\n[oracle node] seeding demo requests failed: ${String(error)}`),
  );
  return [
    '',
    `== oracle node    ${url}   (demo operator: dev account ${OPERATOR_ACCOUNT}; log ${path.relative(ROOT, logFile)})`,
    `   try ${url}/ready, ${url}/models, ${url}/requests, ${url}/metrics`,
  ].join('\n');
}

/**
 * Starts a verifier node beside the operator (API on `port`: `IMO_VERIFIER_PORT`, default the RPC
 * port + 2): dev account 19 re-runs every result and challenges a wrong one. Call after
 * `startDemoOracleNode` (which makes the demo's data directory). Returns the lines to print.
 */
export async function startDemoVerifier(parameters: StartDemoOracleNodeParameters): Promise<string> {
  const dir = path.join(ROOT, '.imo', `demo-${parameters.dataKey}`);
  const { url, logFile } = await spawnNode(parameters, dir, 'verifier', {
    IMO_ORACLE_KEY: devKey(VERIFIER_ACCOUNT),
    IMO_ORACLE_MODE: 'verifier',
    IMO_ORACLE_WORKERS: '1',
  });
  return [
    `== verifier       ${url}   (dev account ${VERIFIER_ACCOUNT}, no stake: re-runs every result, challenges wrong ones; log ${path.relative(ROOT, logFile)})`,
    `   try ${url}/metrics (imo_oracle_verifications, imo_oracle_verify_slack_ratio), ${url}/games`,
  ].join('\n');
}

/** Spawns `serve` with its data in `<dir>/<name>` and its log in `<dir>/<name>-node.log`; waits for /health. */
/** Node settings a user's shell may pass on to the demo nodes; every other IMO_ORACLE_* is theirs alone. */
const PASSED_SETTINGS = new Set([
  'IMO_ORACLE_BACKEND',
  'IMO_ORACLE_WORKERS',
  'IMO_ORACLE_LOG_LEVEL',
  'IMO_ORACLE_VERIFY',
]);

/**
 * This process's environment without the shell's own node settings (an operator's exported key,
 * keystore, port or data directory from the README's walk-through must not reach the demo nodes).
 */
function demoEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('IMO_ORACLE_') || PASSED_SETTINGS.has(name)),
  );
}

async function spawnNode(
  parameters: StartDemoOracleNodeParameters,
  dir: string,
  name: string,
  env: Record<string, string>,
): Promise<{ url: string; logFile: string }> {
  const logFile = path.join(dir, `${name}-node.log`);
  const { chainId } = await hre.ethers.provider.getNetwork();
  const log = fs.openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [require.resolve('tsx/cli'), path.join(ROOT, 'oracle/src/service/cli/main.ts'), 'serve', '--exit-with-parent'],
    {
      cwd: ROOT,
      env: {
        ...demoEnvironment(),
        IMO_ORACLE_RPC_URL: parameters.rpcUrl,
        // where npm start wrote the deployment (IMO_DEPLOYMENTS_DIR moves it, e.g. in tests)
        IMO_ORACLE_DEPLOYMENTS: path.join(DEPLOYMENTS_DIR, `${chainId}.json`),
        IMO_ORACLE_PORT: String(parameters.port),
        IMO_ORACLE_DATA_DIR: path.join(dir, name),
        IMO_ORACLE_POLL_INTERVAL_MS: process.env.IMO_ORACLE_POLL_INTERVAL_MS ?? '250',
        IMO_ORACLE_LOG_FORMAT: 'json',
        ...env,
      },
      stdio: ['pipe', log, log],
    },
  );
  parameters.children.push(child);
  const url = `http://127.0.0.1:${parameters.port}`;
  await waitForHealth(url, child, logFile, 60_000);
  return { url, logFile };
}

/**
 * Makes requests to every demo model in a few rounds, one hour of chain time apart, each answered
 * and finalized by the demo node: revenue charts get several buckets and holders something to claim.
 */
async function seedDemoRequests(): Promise<number> {
  const { ethers } = hre;
  const signers = await ethers.getSigners();
  const requester = signers[REQUESTER_ACCOUNT]!;
  const deployment = JSON.parse(
    fs.readFileSync(path.join(DEPLOYMENTS_DIR, `${(await ethers.provider.getNetwork()).chainId}.json`), 'utf8'),
  ) as { contracts: { AIOracle: string }; models: { id: number; name: string }[] };
  const oracle = await ethers.getContractAt('AIOracle', deployment.contracts.AIOracle, requester);
  const digits = goldenDigitsInputs();
  const prompts = ['In the beginning', 'And God said', 'The Lord is my shepherd'];
  let made = 0;
  for (let round = 0; round < SEED_ROUNDS; round++) {
    const ids: bigint[] = [];
    for (const model of deployment.models) {
      const input =
        model.name === 'kjv-textgen'
          ? encodeTextPrompt(prompts[round % prompts.length]!, 32)
          : digits[round % digits.length]!;
      const fee = await oracle.estimateFee(model.id, 0);
      const receipt = await (
        await oracle.requestCallback(model.id, input, ethers.ZeroAddress, 0, '0x', { value: fee })
      ).wait();
      const event = receipt!.logs.map((l) => oracle.interface.parseLog(l)).find((p) => p?.name === 'Requested');
      ids.push(event!.args.requestId as bigint);
    }
    await waitForState(ids, 2n); // submitted by the node
    await ethers.provider.send('evm_increaseTime', [3600]);
    await ethers.provider.send('evm_mine', []);
    await waitForState(ids, 3n); // finalized by the node
    made += ids.length;
  }
  return made;

  async function waitForState(ids: bigint[], state: bigint): Promise<void> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const states = await Promise.all(ids.map((id) => oracle.statusOf(id).then((s) => s.state)));
      if (states.every((s) => s >= state)) return;
      if (Date.now() > deadline)
        throw new Error(`requests ${ids.join(', ')} did not reach state ${state} in 2 minutes`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
