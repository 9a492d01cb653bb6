import { expect } from 'chai';
import fc from 'fast-check';
import { ethers } from 'hardhat';
import { time } from '@nomicfoundation/hardhat-network-helpers';
import { ChallengerPlayer, ProposerPlayer, playGame } from '../../oracle/src/dispute/players';
import type { Trace } from '../../oracle/src/runtime';
import type { OpmlDisputeGame } from '../../typechain-types';
import { ChainSnapshot } from '../shared/chainSnapshot';
import { answered, deployDisputeGame, openGame, tampered } from '../shared/disputeFixtures';
import { DRAWING, E, oracleFixture } from '../shared/oracleFixtures';

const RUNS = Number(process.env.DISPUTE_RUNS ?? 25);
const BURN = '0x000000000000000000000000000000000000dEaD';
const BOND = E('1');

interface Scenario {
  lying: boolean;
  games: { challenger: number; strategy: 'honest' | 'liar' | 'silent' | 'proposerSilent' }[];
  settleOrder: number[];
}

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  lying: fc.boolean(),
  games: fc.array(
    fc.record({
      challenger: fc.nat(1),
      strategy: fc.constantFrom('honest' as const, 'liar' as const, 'silent' as const, 'proposerSilent' as const),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  settleOrder: fc.array(fc.nat(2), { minLength: 3, maxLength: 3 }),
});

describe('OpmlDisputeGame invariants (fast-check)', function () {
  this.timeout(0);
  let f: Awaited<ReturnType<typeof oracleFixture>>;
  let game: OpmlDisputeGame;
  const snapshot = new ChainSnapshot();

  before(async function () {
    f = await oracleFixture();
    game = await deployDisputeGame(f.oracle, f.registry, BOND, 600, 30);
    await f.oracle.connect(f.owner).setDisputeGame(await game.getAddress());
    await snapshot.take();
  });

  it('bonds in = bonds paid + burned + held, over random games, strategies and settlement orders', async function () {
    const signers = await ethers.getSigners();
    const challengers = [signers[10]!, signers[11]!];
    const g = game;
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (sc) => {
        await snapshot.restore();
        const gameAddress = await g.getAddress();
        const burnedBefore = await ethers.provider.getBalance(BURN);
        const claimed: Trace = sc.lying ? await tampered(f.trace, f.trace.opCount, 0) : f.trace;
        const { requestId, params, primary } = await answered(
          f.oracle,
          f.requester,
          f.operators,
          f.modelId,
          DRAWING,
          claimed,
        );
        let bondsIn = 0n;
        const ids: bigint[] = [];
        for (const spec of sc.games) {
          const who = challengers[spec.challenger]!;
          ids.push((await openGame(g, who, requestId, params, claimed, DRAWING)).gameId);
          bondsIn += BOND;
        }
        for (const [k, gameId] of ids.entries()) {
          const spec = sc.games[k]!;
          const strategy = spec.strategy === 'liar' ? 'liar' : 'honest';
          const silent =
            spec.strategy === 'silent' ? 'challenger' : spec.strategy === 'proposerSilent' ? 'proposer' : undefined;
          try {
            await playGame(
              g,
              gameId,
              new ProposerPlayer(g.connect(primary), claimed),
              new ChallengerPlayer(g.connect(challengers[spec.challenger]!), f.trace, strategy),
              { silent },
            );
          } catch (error) {
            // A game can go void mid-way when another game struck the result first.
            if (!/GameWrongPhase|ParamsMismatch|OracleWrongState/.test(String(error))) throw error;
          }
        }
        await time.increase(601);
        for (const id of ids) {
          const s = await g.gameState(id);
          if (Number(s.phase) >= 1 && Number(s.phase) <= 7) await g.timeout(id).catch(() => undefined);
        }
        // Settle in a random order; slashed result bonds arriving from the oracle count as bonds in.
        const order = [...new Set([...sc.settleOrder, 0, 1, 2])].filter((i) => i < ids.length);
        for (const i of order) {
          const tx = await g.settle(ids[i]!, params);
          const receipt = await tx.wait();
          const struck = receipt!.logs.some((l) => f.oracle.interface.parseLog(l)?.name === 'ResultStruck');
          if (struck) bondsIn += BigInt(params.resultBond);
        }
        let credits = 0n;
        for (const a of [...challengers, ...f.operators]) credits += await g.creditOf(a.address);
        const held = await ethers.provider.getBalance(gameAddress);
        const burned = (await ethers.provider.getBalance(BURN)) - burnedBefore;
        expect(held).to.equal(credits, 'ETH held = credits once every game is settled');
        expect(held + burned).to.equal(bondsIn, 'bonds in = paid out (credits) + burned + held');
        for (const a of [...challengers, ...f.operators]) {
          if ((await g.creditOf(a.address)) > 0n) await g.connect(a).withdraw();
        }
        expect(await ethers.provider.getBalance(gameAddress)).to.equal(0n);
      }),
      { numRuns: RUNS },
    );
  });
});
