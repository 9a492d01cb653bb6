import path from 'node:path';
import { parseEther, type Wallet } from 'ethers';
import { AIOracle__factory, OpmlDisputeGame__factory } from '../../typechain-types';
import { goldenDigitsInputs } from '../../scripts/runtime/goldenDigitsInputs';
import { encodeTextPrompt } from '../../oracle/src/client/textCodec';
import { devWallet, startLocalChain, type LocalChain } from '../../oracle/test/support/localChain';
import { startNode, waitFor, type NodeProcess } from '../../oracle/test/support/nodeProcess';
import { makeRequest } from '../../oracle/test/support/oracleRequests';
import { closedLoop } from './oracleNode';
import type { BenchFigure } from '../results';

const DISHONEST = path.join(__dirname, '..', '..', 'oracle', 'test', 'support', 'dishonestNode.ts');
/** A block a second (the drills' setting), and one per transaction. */
const BLOCK_INTERVAL_MS = 1000;
const LOAD_S = 20;

/**
 * The dispute side of the node on a local chain, with real node processes (the fault drills'
 * setting: a block a second plus automine, the demo deployed):
 * - `dispute.e2e.digits.wall_s` / `dispute.e2e.textgen.wall_s`: a dishonest operator's build posts a
 *   wrong result; a verifier node re-runs it, challenges and plays; wall time from the wrong result
 *   seen on chain to the game's settlement seen on chain (both nodes polling every 200 ms);
 * - `oracle.restart.recovery_s`: the operator's node killed with SIGKILL, a request sent, the node
 *   restarted on its data: wall time from the kill to its result seen on chain;
 * - `oracle.verify.slack_ratio`: the smallest fraction of the challenge window left when the
 *   verifier finished a verification, while 8 senders send digits requests in closed loops for 20 s
 *   (the throughput load of `npm run bench -- node`) and the operator answers them.
 */
export async function runDisputeNodeSuite(): Promise<BenchFigure[]> {
  const chain = await startLocalChain();
  const nodes: NodeProcess[] = [];
  try {
    await chain.setIntervalMining(BLOCK_INTERVAL_MS);
    const oracle = AIOracle__factory.connect(chain.deployment.contracts.AIOracle, chain.provider);
    const game = OpmlDisputeGame__factory.connect(chain.deployment.contracts.OpmlDisputeGame!, chain.provider);
    // Room for every pending result's bond under load (the seed's own stake change must be older
    // than the longest response window first)
    await chain.advance(60);
    await (await oracle.connect(chain.signer(6) as unknown as Wallet).stake({ value: parseEther('1000') })).wait();
    const operator = (honest: boolean) =>
      startNode({
        rpcUrl: chain.rpcUrl,
        deploymentFile: chain.deploymentFile,
        dataDir: path.join(chain.dir, 'node-a'),
        key: devWallet(6).privateKey,
        env: { IMO_ORACLE_LOG_LEVEL: 'warn', IMO_ORACLE_VERIFY: 'false' },
        ...(honest ? {} : { entry: DISHONEST, env: { IMO_ORACLE_LOG_LEVEL: 'warn', IMO_TEST_LIE_SEED: '3' } }),
      });
    let a = await operator(false);
    nodes.push(a);
    const v = await startNode({
      rpcUrl: chain.rpcUrl,
      deploymentFile: chain.deploymentFile,
      dataDir: path.join(chain.dir, 'node-v'),
      key: devWallet(9).privateKey,
      env: { IMO_ORACLE_MODE: 'verifier', IMO_ORACLE_LOG_LEVEL: 'warn', IMO_ORACLE_WORKERS: '2' },
    });
    nodes.push(v);
    const requester = chain.signer(3) as unknown as Wallet;

    const disputeWall = async (modelId: number, input: Uint8Array) => {
      const r = await makeRequest(requester, chain.deployment.contracts.AIOracle, modelId, input);
      const postedAt = await seen(
        chain,
        async () => (await oracle.queryFilter(oracle.filters.ResultSubmitted(r.requestId), r.block)).length > 0,
      );
      await seen(
        chain,
        async () => {
          const opened = await game.queryFilter(game.filters.GameOpened(undefined, r.requestId), r.block);
          if (opened.length === 0) return false;
          return (await game.queryFilter(game.filters.GameSettled(opened[0]!.args.gameId), r.block)).length > 0;
        },
        600_000,
      );
      return (Date.now() - postedAt) / 1000;
    };
    console.log('a wrong digits result, challenged and played to settlement');
    const digitsWall = await disputeWall(1, goldenDigitsInputs()[0]!);
    console.log(`  ${digitsWall.toFixed(1)} s`);
    console.log('a wrong kjv-textgen result, challenged and played to settlement');
    const textWall = await disputeWall(3, encodeTextPrompt('And God said', 32));
    console.log(`  ${textWall.toFixed(1)} s`);

    console.log('kill -9 of the operator, a request, the restart');
    const killedAt = Date.now();
    await a.kill();
    const r = await makeRequest(requester, chain.deployment.contracts.AIOracle, 1, goldenDigitsInputs()[1]!);
    a = await operator(true);
    nodes[0] = a;
    await seen(
      chain,
      async () => (await oracle.queryFilter(oracle.filters.ResultSubmitted(r.requestId), r.block)).length > 0,
      120_000,
    );
    const recovery = (Date.now() - killedAt) / 1000;
    console.log(`  ${recovery.toFixed(1)} s`);

    console.log(`verification under load: digits requests, 8 senders, ${LOAD_S} s`);
    const inputs = goldenDigitsInputs();
    const fee = await oracle.estimateFee(1, 0);
    const from = await chain.provider.getBlockNumber();
    await closedLoop(
      LOAD_S,
      async (signer, i) => {
        await (
          await oracle
            .connect(signer as unknown as Wallet)
            .requestCallback(1, inputs[i % inputs.length]!, '0x0000000000000000000000000000000000000000', 0, '0x', {
              value: fee,
              gasLimit: 150_000,
            })
        ).wait();
      },
      chain,
    );
    const posted = await waitFor(
      'the operator to answer the load',
      async () => {
        const logs = await oracle.queryFilter(oracle.filters.ResultSubmitted(), from);
        const requests = await oracle.queryFilter(oracle.filters.Requested(), from);
        return logs.length >= requests.length ? logs.length : undefined;
      },
      180_000,
    );
    // settled: nothing queued, and the count of finished verifications unchanged for 5 s
    let last = -1;
    let stableSince = Date.now();
    const slack = await waitFor(
      'the verifier to verify them',
      async () => {
        const text = await (await fetch(`${v.url}/metrics`)).text();
        const states = [...text.matchAll(/imo_oracle_verifications\{state="(\w+)"\} (\d+)/g)];
        const queued = Number(states.find((m) => m[1] === 'queued')?.[2] ?? 0);
        const done = states.filter((m) => m[1] !== 'queued').reduce((n, m) => n + Number(m[2]), 0);
        if (done !== last) {
          last = done;
          stableSince = Date.now();
          return undefined;
        }
        if (queued > 0 || done < posted || Date.now() - stableSince < 5000) return undefined;
        return Number(/^imo_oracle_verify_slack_ratio_min (\S+)$/m.exec(text)?.[1]);
      },
      300_000,
    );
    console.log(`  ${last} verifications; least slack ${slack}`);
    return [
      {
        metric: 'dispute.e2e.digits.wall_s',
        value: round1(digitsWall),
        unit: 's',
        goal: '< 60 s: wrong result seen to game settled, verifier and dishonest operator playing (local clocks)',
      },
      {
        metric: 'dispute.e2e.textgen.wall_s',
        value: round1(textWall),
        unit: 's',
        goal: 'the same for the text model (a ~600-op graph)',
      },
      {
        metric: 'oracle.verify.slack_ratio',
        value: Math.round(slack * 1000) / 1000,
        unit: 'ratio',
        goal: `>= 0.8: least challenge window left when a verification finished, ${posted} results under ${LOAD_S} s of 8-sender load`,
      },
      {
        metric: 'oracle.restart.recovery_s',
        value: round1(recovery),
        unit: 's',
        goal: "kill -9 to the restarted node's first submission (includes the process start)",
      },
    ];
  } finally {
    for (const n of nodes) await n.stop();
    await chain.stop();
  }
}

/** Polls `check` every 100 ms; returns the wall time (ms) it first held. */
async function seen(chain: LocalChain, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<number> {
  void chain;
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now();
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
