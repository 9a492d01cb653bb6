import { expect } from 'chai';
import fc from 'fast-check';
import { ethers } from 'hardhat';
import { mine, time } from '@nomicfoundation/hardhat-network-helpers';
import { ChainSnapshot } from '../shared/chainSnapshot';
import {
  CONFIG,
  DRAWING,
  E,
  oracleFixture,
  postedFrom,
  reopenedFrom,
  requestedFrom,
  type Attempt,
  type Posted,
  type RequestParams,
} from '../shared/oracleFixtures';

const DEFAULT_RUNS = 150;
const RUNS = Number(process.env.ORACLE_RUNS ?? DEFAULT_RUNS);
/** Fixed so that CI runs (and the coverage check below) are reproducible; set ORACLE_SEED to explore. */
const SEED = Number(process.env.ORACLE_SEED ?? 7);

type Op =
  | { kind: 'request'; who: number; overpay: boolean }
  | { kind: 'submit'; req: number; by: number }
  | { kind: 'challenge'; req: number }
  | { kind: 'close'; req: number }
  | { kind: 'strike'; req: number }
  | { kind: 'finalize'; req: number; tip: number }
  | { kind: 'cancel'; req: number }
  | { kind: 'withdraw'; who: number }
  | { kind: 'sweep' }
  | { kind: 'freeze' }
  | { kind: 'stake'; by: number }
  | { kind: 'optOut'; by: number }
  | { kind: 'optIn'; by: number }
  | { kind: 'exit'; by: number }
  | { kind: 'wait'; seconds: number };

// Weights keep most sequences alive to the end: requests, submissions (by = 3 is the drawn
// primary) and finalizations are common; a freeze, which ends a model's life, is rare.
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ who: fc.nat(2), overpay: fc.boolean() }).map((r) => ({ kind: 'request' as const, ...r })),
  },
  {
    weight: 6,
    arbitrary: fc.record({ req: fc.nat(7), by: fc.nat(3) }).map((r) => ({ kind: 'submit' as const, ...r })),
  },
  { weight: 2, arbitrary: fc.nat(7).map((req) => ({ kind: 'challenge' as const, req })) },
  { weight: 2, arbitrary: fc.nat(7).map((req) => ({ kind: 'close' as const, req })) },
  { weight: 2, arbitrary: fc.nat(7).map((req) => ({ kind: 'strike' as const, req })) },
  {
    weight: 6,
    arbitrary: fc
      .record({ req: fc.nat(7), tip: fc.oneof(fc.constant(0), fc.nat(1000)) })
      .map((r) => ({ kind: 'finalize' as const, ...r })),
  },
  { weight: 2, arbitrary: fc.nat(7).map((req) => ({ kind: 'cancel' as const, req })) },
  { weight: 2, arbitrary: fc.nat(8).map((who) => ({ kind: 'withdraw' as const, who })) },
  { weight: 2, arbitrary: fc.nat(2).map((by) => ({ kind: 'stake' as const, by })) },
  { weight: 1, arbitrary: fc.nat(2).map((by) => ({ kind: 'optOut' as const, by })) },
  { weight: 1, arbitrary: fc.nat(2).map((by) => ({ kind: 'optIn' as const, by })) },
  { weight: 1, arbitrary: fc.nat(8).map((by) => ({ kind: 'exit' as const, by })) },
  { weight: 6, arbitrary: fc.constant({ kind: 'sweep' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'freeze' as const }) },
  {
    weight: 10,
    arbitrary: fc
      .oneof(fc.constant(CONFIG.challengeWindow), fc.integer({ min: 1, max: CONFIG.timeout }))
      .map((seconds) => ({ kind: 'wait' as const, seconds })),
  },
);

interface Tracked {
  requestId: bigint;
  params: RequestParams;
  /** The current attempt (updated when a strike reopens the request). */
  attempt: Attempt;
  /** The last posted result, if any. */
  result?: { resultId: string; posted: Posted };
}

describe('AIOracle invariants (fast-check)', function () {
  this.timeout(0);
  let f: Awaited<ReturnType<typeof oracleFixture>>;
  const snapshot = new ChainSnapshot();

  before(async function () {
    f = await oracleFixture();
    await f.oracle.connect(f.owner).setDisputeGame(f.gameSigner.address);
    await f.registry.connect(f.owner).setFreezer(f.gameSigner.address);
    await snapshot.take();
  });

  it('ETH held = stakes + credits + model fees owed + fee and escrow of unfinalized requests; draws never move; escrow reimbursed at the request price, over random operation sequences', async function () {
    const requesters = () => [f.requester, f.holder, f.stranger];
    const everyone = () => [...requesters(), ...f.operators, f.developer, f.owner, f.gameSigner];
    const succeeded = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 6, maxLength: 16, size: 'max' }), async (ops) => {
        await snapshot.restore();
        const tracked: Tracked[] = [];
        // The primary first seen for each request attempt: nothing done afterwards may change it.
        const drawn = new Map<string, string>();
        const oracleAddress = await f.oracle.getAddress();
        for (const op of ops) {
          // Each action either succeeds or reverts with one of the oracle's custom errors; both are fine.
          const attempt = async (tx: () => Promise<unknown>) => {
            try {
              await tx();
              succeeded.set(op.kind, (succeeded.get(op.kind) ?? 0) + 1);
              return true;
            } catch (error) {
              const message = String((error as Error).message);
              if (!/reverted with custom error '(Oracle|ModelRegistry)/.test(message)) throw error;
              return false;
            }
          };
          // Submissions pick among requests without a posted result, game moves and finalizations
          // among those with one, cancellations among all (any may still revert: the invariant must
          // hold either way), so that sequences reach every transition.
          const candidates =
            op.kind === 'submit'
              ? tracked.filter((r) => !r.result)
              : op.kind === 'cancel'
                ? tracked
                : tracked.filter((r) => r.result);
          const t = 'req' in op ? candidates[op.req % Math.max(candidates.length, 1)] : undefined;
          switch (op.kind) {
            case 'request': {
              const value = E('0.01') + (op.overpay ? 12_345n : 0n);
              const tx = f.oracle
                .connect(requesters()[op.who]!)
                .requestCallback(
                  f.modelId,
                  DRAWING,
                  await f.consumer.getAddress(),
                  60_000,
                  ethers.AbiCoder.defaultAbiCoder().encode(['uint256'], [f.modelId]),
                  { value: value + 60_000n * 10n ** 9n, gasPrice: 10n ** 9n },
                );
              // Refused (OracleModelFrozen) once the model is frozen.
              if (await attempt(() => tx.then((x) => x.wait()))) tracked.push(await requestedFrom(f.oracle, tx));
              await mine(2);
              break;
            }
            case 'submit':
              if (t) {
                const primary =
                  op.by === 3
                    ? await f.oracle.primaryOf(t.requestId, t.params, t.attempt).catch(() => ethers.ZeroAddress)
                    : undefined;
                const by = f.operators.find((o) => o.address === primary) ?? f.operators[op.by % 3]!;
                const tx = f.oracle.connect(by).submit(t.requestId, t.params, t.attempt, f.output, f.stateRoot);
                if (await attempt(() => tx.then((x) => x.wait()))) t.result = await postedFrom(f.oracle, tx);
              }
              break;
            case 'challenge':
            case 'close':
            case 'strike': {
              if (!t?.result) break;
              const { resultId, posted } = t.result;
              const game = f.oracle.connect(f.gameSigner);
              const call =
                op.kind === 'challenge'
                  ? game.openChallenge(t.requestId, t.params, resultId, posted)
                  : op.kind === 'close'
                    ? game.closeChallenge(t.requestId, t.params, resultId, posted)
                    : game.strike(t.requestId, t.params, resultId, posted);
              if ((await attempt(() => call.then((x) => x.wait()))) && op.kind === 'strike') {
                t.attempt = await reopenedFrom(f.oracle, call);
                t.result = undefined;
              }
              break;
            }
            case 'finalize':
              if (t?.result) {
                // Sometimes a finalizer pays itself a huge tip: it is still reimbursed at the request's price.
                const tx = f.oracle
                  .connect(f.stranger)
                  .finalize(
                    t.requestId,
                    t.params,
                    t.result.posted,
                    f.output,
                    f.stateRoot,
                    ethers.AbiCoder.defaultAbiCoder().encode(['uint256'], [f.modelId]),
                    { gasPrice: 10n ** 9n * BigInt(1 + op.tip) },
                  );
                if (await attempt(() => tx.then((x) => x.wait()))) {
                  const receipt = (await (await tx).wait())!;
                  const ev = receipt.logs
                    .map((l) => f.oracle.interface.parseLog(l))
                    .find((e) => e?.name === 'Finalized')!;
                  const price = BigInt(t.params.escrow) / BigInt(t.params.gasLimit);
                  expect(ev.args.finalizerReimbursed).to.equal(
                    (ev.args.callbackGasUsed + 10_000n) * price,
                    'reimbursed above the request price',
                  );
                }
              }
              break;
            case 'cancel':
              if (t) {
                const cancel =
                  (await f.oracle.statusOf(t.requestId)).state === 2n && t.result
                    ? () => f.oracle.cancelPosted(t.requestId, t.params, t.result!.resultId, t.result!.posted)
                    : () => f.oracle.cancel(t.requestId, t.params, t.attempt);
                await attempt(() => cancel().then((x) => x.wait()));
              }
              break;
            case 'sweep':
              await attempt(() => f.oracle.sweepModelFees(f.modelId).then((x) => x.wait()));
              break;
            case 'freeze':
              // The dispute game freezes a model in the registry and tells the oracle in one go.
              if (
                await attempt(() =>
                  f.registry
                    .connect(f.gameSigner)
                    .freeze(f.modelId)
                    .then((x) => x.wait()),
                )
              )
                await f.oracle.noteFrozen(f.modelId).then((x) => x.wait());
              break;
            case 'withdraw': {
              const who = everyone()[op.who]!;
              await attempt(() =>
                f.oracle
                  .connect(who)
                  .withdraw(who.address)
                  .then((x) => x.wait()),
              );
              break;
            }
            case 'stake':
              await attempt(() =>
                f.oracle
                  .connect(f.operators[op.by]!)
                  .stake({ value: E('0.5') })
                  .then((x) => x.wait()),
              );
              break;
            case 'optOut':
            case 'optIn':
              await attempt(() =>
                (op.kind === 'optOut'
                  ? f.oracle.connect(f.operators[op.by]!).optOut(f.modelId)
                  : f.oracle.connect(f.operators[op.by]!).optIn(f.modelId)
                ).then((x) => x.wait()),
              );
              break;
            case 'exit':
              // Rare: the first operator starts its exit (a draw-weight change).
              if (op.by === 0)
                await attempt(() =>
                  f.oracle
                    .connect(f.operators[0]!)
                    .requestExit()
                    .then((x) => x.wait()),
                );
              break;
            case 'wait':
              await time.increase(op.seconds);
              break;
          }

          // Draw stability: a request's primary, once known, never changes while its attempt is open.
          for (const r of tracked) {
            if ((await f.oracle.statusOf(r.requestId)).state !== 1n) continue;
            const primary = await f.oracle.primaryOf(r.requestId, r.params, r.attempt);
            if (primary === ethers.ZeroAddress) continue;
            const key = `${r.requestId}:${r.attempt.index}`;
            const first = drawn.get(key);
            if (first === undefined) drawn.set(key, primary);
            else expect(primary).to.equal(first, `the draw of ${key} moved after ${op.kind}`);
          }

          // The invariant, after every operation.
          let expected = 0n;
          for (const o of f.operators) expected += (await f.oracle.operatorOf(o.address)).stake;
          const credited = new Set([...everyone().map((s) => s.address), await f.consumer.getAddress()]);
          for (const a of credited) expected += await f.oracle.creditOf(a);
          const ledger = await f.oracle.modelLedgerOf(f.modelId);
          expected += ledger.developerOwed + ledger.protocolOwed;
          for (const r of tracked) {
            const state = (await f.oracle.statusOf(r.requestId)).state;
            if (state === 1n || state === 2n) expected += BigInt(r.params.fee) + BigInt(r.params.escrow);
          }
          expect(await ethers.provider.getBalance(oracleAddress)).to.equal(expected, `after ${op.kind}`);
          for (const o of f.operators) {
            const rec = await f.oracle.operatorOf(o.address);
            expect(rec.locked <= rec.stake, 'locked bond above stake').to.be.true;
          }
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The default seed and run count really exercise every transition (not just reverts); another
    // seed, or fewer runs (test:fast), explores other or fewer sequences, which may miss some.
    if (process.env.ORACLE_SEED === undefined && RUNS >= DEFAULT_RUNS)
      for (const kind of [
        'request',
        'submit',
        'challenge',
        'close',
        'strike',
        'finalize',
        'cancel',
        'sweep',
        'freeze',
      ]) {
        expect(succeeded.get(kind) ?? 0, `${kind} never succeeded`).to.be.greaterThan(0);
      }
  });
});
