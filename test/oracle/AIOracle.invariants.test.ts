import { expect } from 'chai';
import fc from 'fast-check';
import { ethers } from 'hardhat';
import { mine, time } from '@nomicfoundation/hardhat-network-helpers';
import { ChainSnapshot } from '../shared/chainSnapshot';
import { CONFIG, DRAWING, E, oracleFixture, requestedFrom, type RequestParams } from '../shared/oracleFixtures';

const RUNS = Number(process.env.ORACLE_RUNS ?? 150);

type Op =
  | { kind: 'request'; who: number; overpay: boolean }
  | { kind: 'submit'; req: number; by: number }
  | { kind: 'challenge'; req: number }
  | { kind: 'close'; req: number }
  | { kind: 'strike'; req: number }
  | { kind: 'finalize'; req: number }
  | { kind: 'cancel'; req: number }
  | { kind: 'withdraw'; who: number }
  | { kind: 'stake'; by: number }
  | { kind: 'wait'; seconds: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ who: fc.nat(2), overpay: fc.boolean() }).map((r) => ({ kind: 'request' as const, ...r })),
  },
  {
    weight: 3,
    arbitrary: fc.record({ req: fc.nat(7), by: fc.nat(2) }).map((r) => ({ kind: 'submit' as const, ...r })),
  },
  { weight: 1, arbitrary: fc.nat(7).map((req) => ({ kind: 'challenge' as const, req })) },
  { weight: 1, arbitrary: fc.nat(7).map((req) => ({ kind: 'close' as const, req })) },
  { weight: 1, arbitrary: fc.nat(7).map((req) => ({ kind: 'strike' as const, req })) },
  { weight: 3, arbitrary: fc.nat(7).map((req) => ({ kind: 'finalize' as const, req })) },
  { weight: 1, arbitrary: fc.nat(7).map((req) => ({ kind: 'cancel' as const, req })) },
  { weight: 1, arbitrary: fc.nat(8).map((who) => ({ kind: 'withdraw' as const, who })) },
  { weight: 1, arbitrary: fc.nat(2).map((by) => ({ kind: 'stake' as const, by })) },
  {
    weight: 2,
    arbitrary: fc.integer({ min: 1, max: CONFIG.timeout }).map((seconds) => ({ kind: 'wait' as const, seconds })),
  },
);

interface Tracked {
  requestId: bigint;
  params: RequestParams;
  resultId?: string;
}

describe('AIOracle invariants (fast-check)', function () {
  this.timeout(0);
  let f: Awaited<ReturnType<typeof oracleFixture>>;
  const snapshot = new ChainSnapshot();

  before(async function () {
    f = await oracleFixture();
    await f.oracle.connect(f.owner).setDisputeGame(f.gameSigner.address);
    await snapshot.take();
  });

  it('ETH held = stakes + credits + fee and escrow of unfinalized requests, over random operation sequences', async function () {
    const requesters = () => [f.requester, f.holder, f.stranger];
    const everyone = () => [...requesters(), ...f.operators, f.developer, f.owner, f.gameSigner];
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 14 }), async (ops) => {
        await snapshot.restore();
        const tracked: Tracked[] = [];
        const oracleAddress = await f.oracle.getAddress();
        for (const op of ops) {
          // Each action either succeeds or reverts with one of the oracle's custom errors; both are fine.
          const attempt = async (tx: () => Promise<unknown>) => {
            try {
              await tx();
              return true;
            } catch (error) {
              const message = String((error as Error).message);
              if (!/reverted with custom error '(Oracle|ModelRegistry)/.test(message)) throw error;
              return false;
            }
          };
          const t =
            tracked[
              op.kind === 'request' || op.kind === 'withdraw' || op.kind === 'stake' || op.kind === 'wait'
                ? 0
                : op.req % Math.max(tracked.length, 1)
            ];
          switch (op.kind) {
            case 'request': {
              const value = E('0.01') + (op.overpay ? 12_345n : 0n);
              tracked.push(
                await requestedFrom(
                  f.oracle,
                  f.oracle
                    .connect(requesters()[op.who]!)
                    .requestCallback(
                      f.modelId,
                      DRAWING,
                      await f.consumer.getAddress(),
                      60_000,
                      ethers.AbiCoder.defaultAbiCoder().encode(['uint256'], [f.modelId]),
                      {
                        value: value + 60_000n * 10n ** 9n,
                        gasPrice: 10n ** 9n,
                      },
                    ),
                ),
              );
              await mine(2);
              break;
            }
            case 'submit':
              if (t)
                await attempt(() =>
                  f.oracle
                    .connect(f.operators[op.by]!)
                    .submit(t.requestId, t.params, f.output, f.stateRoot)
                    .then((x) => x.wait()),
                );
              break;
            case 'challenge':
            case 'close':
            case 'strike': {
              if (!t) break;
              const s = await f.oracle.statusOf(t.requestId);
              const resultId = ethers.keccak256(
                ethers.AbiCoder.defaultAbiCoder().encode(
                  ['uint256', 'address', 'bytes32', 'bytes32', 'uint8'],
                  [t.requestId, s.operator, ethers.keccak256(f.output), f.stateRoot, s.attempt],
                ),
              );
              const game = f.oracle.connect(f.gameSigner);
              const call =
                op.kind === 'challenge'
                  ? () => game.openChallenge(t.requestId, t.params, resultId)
                  : op.kind === 'close'
                    ? () => game.closeChallenge(t.requestId, t.params, resultId)
                    : () => game.strike(t.requestId, t.params, resultId);
              await attempt(() => call().then((x) => x.wait()));
              break;
            }
            case 'finalize':
              if (t)
                await attempt(() =>
                  f.oracle
                    .connect(f.stranger)
                    .finalize(
                      t.requestId,
                      t.params,
                      f.output,
                      f.stateRoot,
                      ethers.AbiCoder.defaultAbiCoder().encode(['uint256'], [f.modelId]),
                      {
                        gasPrice: 10n ** 9n,
                      },
                    )
                    .then((x) => x.wait()),
                );
              break;
            case 'cancel':
              if (t) await attempt(() => f.oracle.cancel(t.requestId, t.params, ethers.ZeroHash).then((x) => x.wait()));
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
            case 'wait':
              await time.increase(op.seconds);
              break;
          }

          // The invariant, after every operation.
          let expected = 0n;
          for (const o of f.operators) expected += (await f.oracle.operatorOf(o.address)).stake;
          const credited = new Set([...everyone().map((s) => s.address), await f.consumer.getAddress()]);
          for (const a of credited) expected += await f.oracle.creditOf(a);
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
      { numRuns: RUNS },
    );
  });
});
