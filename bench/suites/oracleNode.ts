import os from 'node:os';
import path from 'node:path';
import { ZeroAddress, parseEther, type Log, type NonceManager, type Wallet } from 'ethers';
import { AIOracle__factory } from '../../typechain-types';
import { goldenDigitsInputs } from '../../scripts/runtime/goldenDigitsInputs';
import { MODELS_DIR, readModelPackage } from '../../oracle/src/node/readModelPackage';
import { ExecutionPool } from '../../oracle/src/service/execution/ExecutionPool';
import { devWallet, startLocalChain, type LocalChain } from '../../oracle/test/support/localChain';
import { startNode } from '../../oracle/test/support/nodeProcess';
import { median } from '../median';
import type { BenchFigure } from '../results';

/** Senders working at once, in the baseline and in the oracle runs alike. */
const CONCURRENCY = 8;
/** Seconds each closed-loop measurement sends for. */
const WINDOW_S = 20;
/** `npm start`'s mining mode: a block every 2 s and one for every transaction. */
const BLOCK_INTERVAL_MS = 2000;
const SENDERS = Array.from({ length: CONCURRENCY }, (_, i) => 10 + i);
/** Gas limit of a digits request (it uses about 80k). */
const REQUEST_GAS = 150_000;
/** The node's poll interval, as `npm start`'s demo node. */
const NODE_POLL_MS = 250;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Runs `work` in a loop on every sender for `seconds`; returns how many calls completed. */
export async function closedLoop(
  seconds: number,
  work: (sender: NonceManager, i: number) => Promise<void>,
  chain: LocalChain,
): Promise<number> {
  const until = Date.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    SENDERS.map(async (account, i) => {
      const signer = chain.signer(account);
      while (Date.now() < until) {
        await work(signer, i);
        done += 1;
      }
    }),
  );
  return done;
}

/**
 * Watches the chain's oracle events, polling every `pollMs`, recording when this process first saw
 * each request and each result (the same clock and the same delay for both).
 */
function watchOracle(chain: LocalChain, pollMs: number) {
  const oracle = AIOracle__factory.connect(chain.deployment.contracts.AIOracle, chain.provider);
  const requested = new Map<number, number>();
  const submitted = new Map<number, number>();
  let stop = false;
  let from = 0;
  const requestedTopic = oracle.interface.getEvent('Requested')!.topicHash;
  const topics = [[requestedTopic, oracle.interface.getEvent('ResultSubmitted')!.topicHash]];
  const done = (async () => {
    from = (await chain.provider.getBlockNumber()) + 1;
    while (!stop) {
      const head = await chain.provider.getBlockNumber();
      if (head >= from) {
        const logs: Log[] = await chain.provider.getLogs({
          address: oracle.target as string,
          topics,
          fromBlock: from,
          toBlock: head,
        });
        const now = Date.now();
        // the request id is the first indexed topic of both events: no decoding (this process also sends)
        for (const log of logs) {
          const id = Number(BigInt(log.topics[1]!));
          const map = log.topics[0] === requestedTopic ? requested : submitted;
          if (!map.has(id)) map.set(id, now);
        }
        from = head + 1;
      }
      await sleep(pollMs);
    }
  })();
  return {
    requested,
    submitted,
    async stop() {
      stop = true;
      await done;
    },
  };
}

/**
 * The oracle node under load on a local Hardhat node in `npm start`'s mining mode (interval blocks
 * every 2 s plus one block per transaction), the demo deployed, the demo operator's node running as
 * a real process (polling every 250 ms, as `npm start`'s):
 * - `chain.baseline.rps`: plain ETH transfers per second, 8 senders in closed loops (send, wait for
 *   the receipt, repeat) through ethers, for 20 s; every transaction of every run carries its gas limit;
 * - `chain.requests.rps`: digits requests the same way before the node starts, rolled back after
 *   (`evm_revert`): what the chain alone allows, the ceiling of the oracle's throughput;
 * - `oracle.throughput.rps`: digits requests from the same 8 senders the same way, counted when the
 *   node's result is mined (sustained: completed results over the time until the last one);
 * - `oracle.latency.p50_ms` / `p95_ms`: at half that rate (open loop, evenly spaced), from the request
 *   seen on chain to the result seen on chain (the same 25 ms log poll for both);
 * - `oracle.inference.digits_per_s`: digits inferences through the node's worker pool (one worker
 *   per core), output and S_n each.
 */
export async function runOracleNodeSuite(): Promise<BenchFigure[]> {
  const chain = await startLocalChain();
  try {
    await chain.setIntervalMining(BLOCK_INTERVAL_MS);
    const oracle = AIOracle__factory.connect(chain.deployment.contracts.AIOracle, chain.provider);
    // Room for every pending result's bond: 0.1 ETH each while its 30 s window runs (the seed's own
    // stake change must be older than the longest response window first).
    await chain.advance(60);
    await (await oracle.connect(chain.signer(6) as unknown as Wallet).stake({ value: parseEther('1000') })).wait();
    const digits = chain.deployment.models.find((m) => m.name === 'digits')!.id;
    const inputs = goldenDigitsInputs();
    const fee = await oracle.estimateFee(digits, 0);
    // Both runs send through the same client call (`sendTransaction` with the calldata, the value and
    // an explicit gas limit: no estimate round trip), as a dApp that knows its call does: what is
    // compared is the chain's and the node's work, not the client's. The requests' calldata is
    // encoded once per input.
    const calldata = inputs.map((input) =>
      oracle.interface.encodeFunctionData('requestCallback', [digits, input, ZeroAddress, 0, '0x']),
    );
    const to = oracle.target as string;
    const request = async (signer: NonceManager, i: number) => {
      await (
        await signer.sendTransaction({ to, data: calldata[i % calldata.length], value: fee, gasLimit: REQUEST_GAS })
      ).wait();
    };

    // The chain's own ceiling for the oracle run: the same requests with no node to answer them,
    // rolled back afterwards (the node never sees them).
    console.log(`requests alone (no node): digits requests, ${CONCURRENCY} senders, ${WINDOW_S} s`);
    const beforeAlone = await chain.snapshot();
    const alone = await closedLoop(WINDOW_S, request, chain);
    await chain.revert(beforeAlone);
    const requestsAloneRps = alone / WINDOW_S;

    const node = await startNode({
      rpcUrl: chain.rpcUrl,
      deploymentFile: chain.deploymentFile,
      dataDir: path.join(chain.dir, 'node'),
      key: devWallet(6).privateKey,
      env: {
        IMO_ORACLE_POLL_INTERVAL_MS: String(NODE_POLL_MS),
        IMO_ORACLE_LOG_LEVEL: 'warn',
        IMO_ORACLE_WORKERS: String(os.availableParallelism()),
      },
    });
    try {
      console.log(`baseline: ETH transfers, ${CONCURRENCY} senders, ${WINDOW_S} s`);
      const transfers = await closedLoop(
        WINDOW_S,
        async (signer) => {
          await (await signer.sendTransaction({ to: await signer.getAddress(), value: 1n, gasLimit: 21_000 })).wait();
        },
        chain,
      );
      const baselineRps = transfers / WINDOW_S;

      console.log(`oracle: digits requests, ${CONCURRENCY} senders, ${WINDOW_S} s`);
      // A light poll while loaded (its calls would compete with the senders' for the node).
      // The node's CPU seconds and its JSON-RPC calls by method, from its /metrics.
      const usage = async () => {
        const text = await (await fetch(`${node.url}/metrics`)).text();
        const calls = new Map<string, number>();
        for (const m of text.matchAll(/^imo_oracle_rpc_calls_total\{method="([^"]+)"\} (\S+)$/gm)) {
          calls.set(m[1]!, Number(m[2]));
        }
        return { cpuS: Number(/^imo_oracle_process_cpu_seconds_total (\S+)$/m.exec(text)?.[1]), calls };
      };
      const before = await usage();
      let watch = watchOracle(chain, 250);
      await sleep(200);
      const started = Date.now();
      const sent = await closedLoop(WINDOW_S, request, chain);
      const drainUntil = Date.now() + 120_000;
      while (watch.submitted.size < watch.requested.size && Date.now() < drainUntil) await sleep(100);
      await watch.stop();
      const lastResult = Math.max(...watch.submitted.values());
      const throughputRps = watch.submitted.size / ((lastResult - started) / 1000);
      const after = await usage();
      const nodeCpuS = after.cpuS - before.cpuS;
      const calls = [...after.calls]
        .map(([method, n]) => [method, n - (before.calls.get(method) ?? 0)] as const)
        .filter(([, n]) => n > 0)
        .sort((a, b) => b[1] - a[1]);
      console.log(
        `  ${sent} requests sent, ${watch.submitted.size} answered; the node used ${nodeCpuS.toFixed(1)} s of CPU ` +
          `and made ${calls.reduce((t, [, n]) => t + n, 0)} RPC calls (${calls.map(([m, n]) => `${m} ${n}`).join(', ')})`,
      );

      const rate = throughputRps / 2;
      console.log(`latency at half that rate: ${rate.toFixed(1)} requests/s, ${WINDOW_S} s`);
      watch = watchOracle(chain, 25);
      await sleep(200);
      const total = Math.max(CONCURRENCY, Math.round(rate * WINDOW_S));
      const t0 = Date.now();
      await Promise.all(
        SENDERS.map(async (account, i) => {
          const signer = chain.signer(account);
          for (let k = i; k < total; k += CONCURRENCY) {
            const at = t0 + (k / rate) * 1000;
            if (at > Date.now()) await sleep(at - Date.now());
            await request(signer, k);
          }
        }),
      );
      const latencyUntil = Date.now() + 120_000;
      while (watch.submitted.size < watch.requested.size && Date.now() < latencyUntil) await sleep(100);
      await watch.stop();
      const latencies = [...watch.submitted.entries()]
        .filter(([id]) => watch.requested.has(id))
        .map(([id, at]) => at - watch.requested.get(id)!)
        .sort((a, b) => a - b);

      const pkg = readModelPackage(path.join(MODELS_DIR, 'digits'));
      const pool = new ExecutionPool({ size: os.availableParallelism(), backend: 'cpu', cacheBytes: 2 ** 28 });
      const dir = path.join(MODELS_DIR, 'digits');
      const hash = pkg.manifest.commitment.modelHash;
      const runs = async (n: number) => {
        const inFlight = pool.size * 4;
        let next = 0;
        await Promise.all(
          Array.from({ length: inFlight }, async () => {
            while (next < n) {
              next += 1;
              await pool.run(hash, dir, inputs[next % inputs.length]!);
            }
          }),
        );
      };
      await runs(500); // warm: workers load the package and the kernel
      const rounds: number[] = [];
      for (let round = 0; round < 5; round++) {
        const t = performance.now();
        await runs(2000);
        rounds.push(2000 / ((performance.now() - t) / 1000));
      }
      await pool.close();

      const mode = `${CONCURRENCY} senders; interval ${BLOCK_INTERVAL_MS / 1000} s + automine (npm start)`;
      return [
        { metric: 'chain.baseline.rps', value: round2(baselineRps), unit: 'tx/s', goal: `ETH transfers; ${mode}` },
        {
          metric: 'chain.requests.rps',
          value: round2(requestsAloneRps),
          unit: 'req/s',
          baseline: 'chain.baseline.rps',
          goal: `digits requests with no node answering (the ceiling of oracle.throughput.rps); ${mode}`,
        },
        {
          metric: 'oracle.throughput.rps',
          value: round2(throughputRps),
          unit: 'req/s',
          baseline: 'chain.baseline.rps',
          goal: `>= 0.5x baseline (request to result mined; ${mode})`,
        },
        {
          metric: 'oracle.latency.p50_ms',
          value: Math.round(median(latencies)),
          unit: 'ms',
          goal: `request mined to result mined at ${rate.toFixed(1)} req/s`,
        },
        {
          metric: 'oracle.latency.p95_ms',
          value: Math.round(quantile(latencies, 0.95)),
          unit: 'ms',
          goal: `at half the sustainable rate (${latencies.length} requests)`,
        },
        {
          metric: 'oracle.inference.digits_per_s',
          value: Math.round(median(rounds)),
          unit: 'inferences/s',
          goal: `the node's worker pool, ${os.availableParallelism()} workers, output and S_n each`,
        },
      ];
    } finally {
      await node.stop();
    }
  } finally {
    await chain.stop();
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
