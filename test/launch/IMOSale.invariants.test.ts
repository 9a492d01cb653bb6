import { expect } from 'chai';
import fc from 'fast-check';
import { ethers } from 'hardhat';
import { time } from '@nomicfoundation/hardhat-network-helpers';
import type { HardhatEthersSigner } from '@nomicfoundation/hardhat-ethers/signers';
import type { IMOSale, ModelToken } from '../../typechain-types';
import { ChainSnapshot } from '../shared/chainSnapshot';
import { E, deployLaunchFactory, launch, launchParams } from '../shared/launchFixtures';

const RUNS = Number(process.env.SALE_RUNS ?? 300);
const ONE = 10n ** 18n;
const BUYERS = 6;

interface World {
  sale: IMOSale;
  token: ModelToken;
  buyers: HardhatEthersSigner[];
  developer: HardhatEthersSigner;
  terms: Awaited<ReturnType<IMOSale['terms']>>;
}

type Action =
  { kind: 'claim'; who: number } | { kind: 'withdraw' } | { kind: 'releaseFee' } | { kind: 'releaseLiquidity' };

describe('IMOSale invariants (fast-check)', function () {
  this.timeout(0);
  const worlds: World[] = [];
  const snapshot = new ChainSnapshot();

  before(async function () {
    const { factory, signers } = await deployLaunchFactory();
    const developer = signers[1]!;
    const buyers = signers.slice(2, 2 + BUYERS);
    // World 0: round numbers. World 1: an odd price and caps, so that every division rounds.
    const odd = await launchParams(2, signers[8]!.address);
    odd.sale = {
      ...odd.sale,
      price: 123_456_789_012_345n,
      softCap: E('7') + 13n,
      hardCap: E('61') + 7n,
      walletCap: E('29') + 3n,
    };
    for (const params of [await launchParams(1, signers[8]!.address), odd]) {
      const { sale, token } = await launch(factory, developer, params);
      worlds.push({ sale, token, buyers, developer, terms: await sale.terms() });
    }
    await snapshot.take();
  });

  /** ETH the sale still owes: refunds not yet taken, proceeds and shares not yet paid. */
  async function owed(w: World, claimed: Set<number>, withdrawn: boolean, released: Set<string>): Promise<bigint> {
    let total = 0n;
    for (let i = 0; i < BUYERS; i++) if (!claimed.has(i)) total += await w.sale.refundableOf(w.buyers[i]!.address);
    const proceeds = await w.sale.proceeds();
    const fee = (proceeds * w.terms.protocolFeeBps) / 10_000n;
    const liquidity = (proceeds * w.terms.liquidityShareBps) / 10_000n;
    if (!withdrawn) total += proceeds - fee - liquidity;
    if (!released.has('releaseFee')) total += fee;
    if (!released.has('releaseLiquidity')) total += liquidity;
    return total;
  }

  it('ETH held = refunds owed + proceeds unpaid; allotments within the supply; rounding never favours a buyer', async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: worlds.length - 1 }),
        fc.array(
          fc.record({ who: fc.integer({ min: 0, max: BUYERS - 1 }), permille: fc.integer({ min: 1, max: 1100 }) }),
          {
            maxLength: 12,
          },
        ),
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: BUYERS - 1 }).map((who): Action => ({ kind: 'claim', who })),
            fc.constant<Action>({ kind: 'withdraw' }),
            fc.constant<Action>({ kind: 'releaseFee' }),
            fc.constant<Action>({ kind: 'releaseLiquidity' }),
          ),
          { maxLength: 10 },
        ),
        async (wi, commits, actions) => {
          await snapshot.restore();
          const w = worlds[wi]!;
          const { sale, token, terms } = w;
          const saleAddress = await sale.getAddress();
          await time.increaseTo(terms.start);
          const committed = new Array<bigint>(BUYERS).fill(0n);
          for (const c of commits) {
            const amount = (terms.walletCap * BigInt(c.permille)) / 1000n;
            const buyer = w.buyers[c.who]!;
            if (committed[c.who]! + amount > terms.walletCap) {
              await expect(sale.connect(buyer).commit([], { value: amount })).to.be.revertedWithCustomError(
                sale,
                'IMOSaleWalletCapExceeded',
              );
              continue;
            }
            await (await sale.connect(buyer).commit([], { value: amount })).wait();
            committed[c.who]! += amount;
          }
          const total = committed.reduce((a, b) => a + b, 0n);
          expect(await ethers.provider.getBalance(saleAddress)).to.equal(total);
          await time.increaseTo(terms.end);
          const succeeded = total >= terms.softCap;

          // Allotments: within the sale supply, and never worth more than what the buyer paid.
          let allotted = 0n;
          for (let i = 0; i < BUYERS; i++) {
            const [tokens, refund] = await sale.allotmentOf(w.buyers[i]!.address);
            allotted += tokens;
            const value = tokens * terms.price + refund * ONE; // in wei·10^18
            expect(value <= committed[i]! * ONE, `buyer ${i} favoured by rounding`).to.be.true;
            expect(committed[i]! * ONE - value < terms.price + 2n * ONE, `buyer ${i} shorted by more than rounding`).to
              .be.true;
          }
          const sold = ((total < terms.hardCap ? total : terms.hardCap) * ONE) / terms.price;
          expect(allotted <= sold, `allotted ${allotted} above the ${sold} sold`).to.be.true;
          expect(sold <= terms.saleSupply, `sold ${sold} above the sale supply`).to.be.true;

          const claimed = new Set<number>();
          let withdrawn = false;
          const released = new Set<string>();
          for (const a of actions) {
            if (a.kind === 'claim') {
              const buyer = w.buyers[a.who]!;
              const tx = succeeded ? sale.connect(buyer).claimTokens() : sale.connect(buyer).refund();
              if (committed[a.who] === 0n)
                await expect(tx).to.be.revertedWithCustomError(sale, 'IMOSaleNothingCommitted');
              else if (claimed.has(a.who))
                await expect(tx).to.be.revertedWithCustomError(sale, 'IMOSaleAlreadyClaimed');
              else {
                await (await tx).wait();
                claimed.add(a.who);
              }
            } else if (!succeeded) {
              const tx =
                a.kind === 'withdraw'
                  ? sale.connect(w.developer).withdrawProceeds()
                  : a.kind === 'releaseFee'
                    ? sale.releaseFee()
                    : sale.releaseLiquidityShare();
              await expect(tx).to.be.revertedWithCustomError(sale, 'IMOSaleFailed');
            } else if (a.kind === 'withdraw') {
              if (withdrawn)
                await expect(sale.connect(w.developer).withdrawProceeds()).to.be.revertedWithCustomError(
                  sale,
                  'IMOSaleAlreadyWithdrawn',
                );
              else await (await sale.connect(w.developer).withdrawProceeds()).wait();
              withdrawn = true;
            } else {
              const release = () => (a.kind === 'releaseFee' ? sale.releaseFee() : sale.releaseLiquidityShare());
              if (released.has(a.kind))
                await expect(release()).to.be.revertedWithCustomError(sale, 'IMOSaleAlreadyWithdrawn');
              else await (await release()).wait();
              released.add(a.kind);
            }
            const held = await ethers.provider.getBalance(saleAddress);
            const due = await owed(w, claimed, withdrawn, released);
            expect(held >= due, `sale holds ${held}, owes ${due}`).to.be.true;
            expect(held - due <= BigInt(BUYERS), `more than a wei per buyer left over: ${held - due}`).to.be.true;
          }
          // Tokens: what the sale still holds covers every unclaimed allotment.
          await sale.settle();
          let unclaimedTokens = 0n;
          for (let i = 0; i < BUYERS; i++)
            if (!claimed.has(i) && succeeded) unclaimedTokens += (await sale.allotmentOf(w.buyers[i]!.address))[0];
          const saleTokens = await token.balanceOf(saleAddress);
          expect(saleTokens >= unclaimedTokens, `sale holds ${saleTokens} tokens, owes ${unclaimedTokens}`).to.be.true;
          expect(saleTokens - unclaimedTokens <= BigInt(BUYERS), `token dust ${saleTokens - unclaimedTokens}`).to.be
            .true;
          if (!succeeded) expect(saleTokens).to.equal(0n);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
