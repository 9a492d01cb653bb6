/**
 * `npm run imo` end to end: every command against a local chain with the demo deployed (a Hardhat
 * node of its own, `support/localChain.ts`), the demo operator played by the stand-in operator (it
 * answers, finalizes, lies when told to and defends its results), and every bad-argument case:
 * exit status 2 and one line on stderr that says what is wrong.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS_DIR, readModelPackage } from '../src/node/readModelPackage';
import { StandInOperator } from '../src/node/testing/standInOperator';
import type { ModelPackage } from '../src/runtime';
import { AIOracle__factory } from '../../typechain-types';
import { ROOT, devWallet, startLocalChain, type LocalChain } from './support/localChain';
import { runTsScript, waitFor } from './support/nodeProcess';

const CLI = path.join(ROOT, 'oracle', 'src', 'cli', 'main.ts');
const DIGITS = path.join(MODELS_DIR, 'digits');
/** A "7" as the digits models read it (64 block counts). */
const SEVEN = JSON.stringify([
  0, 6, 16, 16, 16, 16, 8, 0, 0, 2, 8, 8, 10, 16, 9, 0, 0, 0, 0, 0, 6, 16, 4, 0, 0, 0, 0, 2, 15, 9, 0, 0, 0, 0, 0, 9,
  15, 1, 0, 0, 0, 0, 2, 16, 6, 0, 0, 0, 0, 0, 9, 14, 0, 0, 0, 0, 0, 0, 14, 7, 0, 0, 0, 0,
]);

type Run = Awaited<ReturnType<typeof runTsScript>>;

/** `npm run imo -- <args>` (killed after `timeoutMs`). */
function spawnCli(args: string[], env: Record<string, string> = {}, timeoutMs = 240_000): Promise<Run> {
  return runTsScript(CLI, args, env, timeoutMs);
}

describe('the CLI against the local chain', { timeout: 300_000 }, () => {
  let chain: LocalChain;
  let operator: StandInOperator;
  let scratch: string;
  const lies = new Set<bigint>();
  const imo = (...args: string[]) => spawnCli(['--rpc', chain.rpcUrl, '--deployment', chain.deploymentFile, ...args]);
  const json = (run: Run) => {
    expect(run.stderr.split('\n').filter((l) => l.startsWith('error:'))).toEqual([]);
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout) as Record<string, unknown>;
  };

  beforeAll(async () => {
    chain = await startLocalChain();
    await chain.setIntervalMining(500);
    // a challenge window of 10 minutes: a loaded machine's CLI start-ups never outlast it
    const oracle = AIOracle__factory.connect(chain.deployment.contracts.AIOracle, chain.signer(0) as never);
    const c = await oracle.config();
    const config = {
      minStake: c.minStake,
      resultBond: c.resultBond,
      responseWindow: c.responseWindow,
      challengeWindow: 600,
      timeout: c.timeout,
      unstakeDelay: 600, // at least the window
      minCallbackGasPrice: c.minCallbackGasPrice,
      treasury: c.treasury,
    };
    await (await oracle.setConfig(config)).wait();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'imo-cli-'));
    const packages = new Map<bigint, ModelPackage>(
      chain.deployment.models.map((m) => [BigInt(m.id), readModelPackage(path.join(MODELS_DIR, m.name))]),
    );
    operator = new StandInOperator(chain.signer(6) as never, chain.deployment.contracts, (id) => packages.get(id), {
      lieOn: (id) => lies.has(id),
    });
    operator.start(0);
  }, 300_000);

  afterAll(async () => {
    await operator?.stop();
    await chain?.stop();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('model pack, verify (against the chain) and run', async () => {
    const digits = readModelPackage(DIGITS);
    const dir = path.join(scratch, 'mine');
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'model.json'),
      JSON.stringify({
        name: 'my-digits',
        version: '1.0.0',
        license: 'MIT',
        io: digits.manifest.io,
        params: digits.params.map((t, i) => ({
          name: digits.manifest.params[i]!.name,
          rows: t.rows,
          cols: t.cols,
          dtype: t.dtype,
          values: Array.from(t.data),
        })),
        graph: digits.graph,
      }),
    );
    const developer = devWallet(8).address;
    const packed = json(await imo('--json', 'model', 'pack', dir, '--developer', developer));
    expect(packed.modelHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(packed.modelHash).not.toBe(digits.manifest.commitment.modelHash); // bound to another developer
    expect(packed.graphRoot).toBe(digits.manifest.commitment.graphRoot);

    const verified = json(await imo('--json', 'model', 'verify', DIGITS, '--model-id', '1'));
    expect(JSON.stringify(verified)).toContain(digits.manifest.commitment.modelHash);
    const other = await imo('model', 'verify', path.join(dir, 'package'), '--model-id', '1');
    expect(other.code).toBe(3);
    expect(other.stderr).toMatch(/^error: the package in .* is not model #1$/m);

    const ran = json(await imo('--json', 'model', 'run', DIGITS, '--input', SEVEN));
    expect(JSON.stringify(ran)).toMatch(/"label":"7"/);
    expect(ran.stateRoot).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('request --wait follows a request to final; status and verify read it back', async () => {
    const waiting = imo('--json', '--dev-account', '3', 'request', '1', '--input', SEVEN, '--wait', '--finalize');
    // the window passes in chain time while the command waits
    const config = await AIOracle__factory.connect(chain.deployment.contracts.AIOracle, chain.provider).config();
    await waitFor('the result', async () => ((await operatorPosted()) ? true : undefined), 120_000);
    await chain.advance(Number(config.challengeWindow) + 1);
    const done = json(await waiting);
    expect(done.state).toBe('finalized');
    expect(done.values).toEqual([7]);
    const id = String(done.requestId);

    const status = json(await imo('--json', 'status', id));
    expect(status.state).toBe('finalized');
    const verify = await imo('--json', 'verify', id);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ match: true });
  });

  it('verify exits 3 on a wrong result and challenge plays the game to the strike', async () => {
    const oracle = AIOracle__factory.connect(chain.deployment.contracts.AIOracle, chain.provider);
    lies.add((await oracle.requestCount()) + 1n);
    const made = json(await imo('--json', '--dev-account', '4', 'request', '2', '--input', SEVEN));
    const id = BigInt(made.requestId as string);
    expect(lies.has(id)).toBe(true);
    await waitFor('the lie', async () => ((await oracle.statusOf(id)).state === 2n ? true : undefined), 120_000);
    const verify = await imo('--json', 'verify', String(id));
    expect(verify.code).toBe(3);
    expect(JSON.parse(verify.stdout)).toMatchObject({ match: false });
    expect(verify.stderr).toMatch(/^error: request #\d+: the operator's result differs from the local run$/m);
    const challenged = json(await imo('--json', '--dev-account', '5', 'challenge', String(id)));
    expect(challenged.outcome).toBe('challengerWon');
    const status = json(await imo('--json', 'status', String(id)));
    expect(JSON.stringify(status)).toMatch(/struck/);
  });

  it('sale status and commit, claim --all, launch (dry run and for real)', async () => {
    const sale = json(await imo('--json', 'sale', 'status', '2'));
    expect(sale.state).toBe('active');
    json(await imo('--json', '--dev-account', '9', 'sale', 'commit', '2', '--amount', '0.5'));
    const after = json(await imo('--json', 'sale', 'status', '2', '--account', devWallet(9).address));
    expect(JSON.stringify(after)).toContain('500000000000000000');

    const claimed = await imo('--json', '--dev-account', '3', 'claim', '--all');
    expect(claimed.code).toBe(0);

    // Past both open sales' ends: digits-lite's (5.5 ETH in, soft cap 10) failed, kjv-textgen's met its cap.
    json(await imo('--json', '--dev-account', '9', 'sale', 'commit', '3', '--amount', '12'));
    await chain.advance(8 * 24 * 3600);
    const refunded = json(await imo('--json', '--dev-account', '9', 'sale', 'refund', '2'));
    expect(String(refunded.refund)).toBe('500000000000000000');
    const tokens = json(await imo('--json', '--dev-account', '9', 'sale', 'claim', '3'));
    expect(String(tokens.tokens)).toBe('120000000000000000000000'); // 12 ETH at 0.0001 ETH a token
    const again = await imo('--dev-account', '9', 'sale', 'refund', '2');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error: /m);

    const pkg = path.join(scratch, 'mine', 'package');
    const config = path.join(scratch, 'launch.json');
    fs.writeFileSync(
      config,
      JSON.stringify({ packageURI: 'ipfs://my-digits', tokenSymbol: 'MYDIG', opensInMinutes: 5 }),
    );
    const dry = json(await imo('--json', '--dev-account', '8', 'launch', pkg, '--config', config, '--dry-run'));
    expect(JSON.stringify(dry)).toContain('MYDIG');
    const launched = json(await imo('--json', '--dev-account', '8', 'launch', pkg, '--config', config));
    expect(Number(launched.modelId)).toBeGreaterThan(3);
  });

  it('deploy writes a verified deployment of the whole protocol', async () => {
    const out = path.join(scratch, 'deployments');
    const deployed = json(await imo('--json', '--dev-account', '0', 'deploy', '--params', 'local', '--out', out));
    const file = path.join(out, '31337.json');
    expect(fs.existsSync(file)).toBe(true);
    const written = JSON.parse(fs.readFileSync(file, 'utf8')) as { contracts: Record<string, string> };
    expect(Object.keys(written.contracts)).toEqual(
      expect.arrayContaining(['ModelRegistry', 'AIOracle', 'OpmlDisputeGame']),
    );
    expect(JSON.stringify(deployed)).toContain(written.contracts.AIOracle!);
    const again = await imo('--dev-account', '0', 'deploy', '--params', 'local', '--out', out);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--force/);
  });

  async function operatorPosted(): Promise<boolean> {
    const oracle = AIOracle__factory.connect(chain.deployment.contracts.AIOracle, chain.provider);
    const count = await oracle.requestCount();
    return count > 0n && (await oracle.statusOf(count)).state >= 2n;
  }
});

describe('the CLI refuses bad arguments: exit 2, one line', () => {
  const CASES: [string, string[], RegExp][] = [
    ['an unknown command', ['nonsense'], /unknown command 'nonsense'/],
    ['a missing required option', ['request', '1'], /required option '--input <value>'/],
    [
      'a model id that is not a number',
      ['request', 'abc', '--input', '0x00'],
      /expected a positive whole number, got "abc"/,
    ],
    ['request id 0', ['status', '0'], /expected a positive whole number, got "0"/],
    ['an unknown route', ['request', '1', '--input', '0x00', '--via', 'pigeon'], /expected one of direct, consumer/],
    ['an unknown backend', ['verify', '1', '--backend', 'quantum'], /expected one of cpu, gpu, auto/],
    ['an amount that is not ETH', ['sale', 'commit', '1', '--amount', 'lots'], /expected an amount of ETH/],
    ['a dev account that is not a number', ['--dev-account', 'x', 'status', '1'], /expected a whole number, got "x"/],
    ['an unknown parameter set', ['deploy', '--params', 'nonsense'], /expected local, mainnet or a JSON file/],
    ['a token that is neither id nor address', ['claim', '--token', 'zz'], /expected a model id or a token address/],
    ['a bad address', ['model', 'pack', MODELS_DIR, '--developer', '0x123'], /expected an address/],
    [
      'a folder that does not exist',
      ['model', 'pack', '/nonexistent', '--developer', devWallet(1).address],
      /is not a folder/,
    ],
    [
      'an input out of range',
      ['model', 'run', DIGITS, '--input', '[999]'],
      /element 0 is 999; an int8 input takes whole numbers from -128 to 127/,
    ],
    ['an input that is not hex', ['model', 'run', DIGITS, '--input', '0xzz'], /not whole bytes of hex/],
    [
      'an input too long',
      ['model', 'run', DIGITS, '--input', `0x${'00'.repeat(65)}`],
      /65 bytes; this model takes at most 64/,
    ],
    [
      'a missing input file',
      ['model', 'run', DIGITS, '--input', '@/nonexistent.bin'],
      /--input: \/nonexistent\.bin does not exist/,
    ],
    [
      'a missing launch config',
      ['launch', DIGITS, '--config', '/nonexistent.json'],
      /--config: \/nonexistent\.json does not exist/,
    ],
  ];

  it.each(CASES)('%s', async (_what, args, message) => {
    const run = await spawnCli(args, { IMO_RPC_URL: 'http://127.0.0.1:1' }, 60_000);
    expect(run.code).toBe(2);
    const lines = run.stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('npm warn'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: /);
    expect(lines[0]).toMatch(message);
    expect(run.stdout).toBe('');
  });
});
