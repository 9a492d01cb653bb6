import { expect } from 'chai';
import hre, { ethers } from 'hardhat';
import type { HardhatEthersSigner } from '@nomicfoundation/hardhat-ethers/signers';
import { loadFixture, time } from '@nomicfoundation/hardhat-network-helpers';
import { revenueLag } from '../shared/fixtures';
import { E, deployLaunchFactory, launch, launchParams } from '../shared/launchFixtures';

async function adversaryFixture() {
  const base = await deployLaunchFactory();
  const [, , liquidity] = base.signers;
  const actor = await ethers.deployContract('ReentrantActor');
  const actorDev = await ethers.deployContract('ReentrantActor');
  // A contract developer launches through the actor, so the proceeds go to a contract that re-enters.
  const params = await launchParams(1, liquidity!.address);
  const factory = base.factory;
  const data = factory.interface.encodeFunctionData('launch', [params]);
  const [, tokenAddress, saleAddress] = factory.interface.decodeFunctionResult(
    'launch',
    await actorDev.execute.staticCall(await factory.getAddress(), data, 0),
  );
  await actorDev.execute(await factory.getAddress(), data, 0);
  const sale = await ethers.getContractAt('IMOSale', saleAddress as string);
  const token = await ethers.getContractAt('ModelToken', tokenAddress as string);
  return { ...base, sale, token, actor, actorDev, params };
}

/** `n` fresh accounts with 100 ETH each. */
async function funded(n: number): Promise<HardhatEthersSigner[]> {
  const out: HardhatEthersSigner[] = [];
  for (let i = 0; i < n; i++) {
    const w = ethers.Wallet.createRandom().connect(ethers.provider);
    await hre.network.provider.send('hardhat_setBalance', [w.address, ethers.toQuantity(E('100'))]);
    out.push(w as unknown as HardhatEthersSigner);
  }
  return out;
}

async function commitAs(actor: Awaited<ReturnType<typeof adversaryFixture>>['actor'], sale: string, value: bigint) {
  const iface = (await ethers.getContractFactory('IMOSale')).interface;
  await actor.execute(sale, iface.encodeFunctionData('commit', [[]]), value, { value });
}

describe('IMOSale (adversarial)', function () {
  it('a buyer re-entering refund during its refund is refused and paid once', async function () {
    const { sale, actor, params } = await loadFixture(adversaryFixture);
    const saleAddress = await sale.getAddress();
    await time.increaseTo(params.sale.start);
    await commitAs(actor, saleAddress, E('5'));
    await time.increaseTo(params.sale.end);
    await actor.setAttack(saleAddress, sale.interface.encodeFunctionData('refund'));
    await actor.execute(saleAddress, sale.interface.encodeFunctionData('refund'), 0);
    expect(await actor.reentered()).to.equal(true);
    expect(await actor.reentrySucceeded()).to.equal(false);
    expect(await actor.received()).to.equal(E('5'));
    expect(await ethers.provider.getBalance(saleAddress)).to.equal(0);
  });

  it('a buyer re-entering claimTokens during its excess refund is refused and paid once', async function () {
    const { sale, token, actor, params } = await loadFixture(adversaryFixture);
    const saleAddress = await sale.getAddress();
    await time.increaseTo(params.sale.start);
    await commitAs(actor, saleAddress, E('40'));
    for (const s of (await ethers.getSigners()).slice(3, 6)) await sale.connect(s).commit([], { value: E('40') });
    await time.increaseTo(params.sale.end);
    const [tokens, refund] = await sale.allotmentOf(await actor.getAddress());
    expect(refund).to.be.greaterThan(0);
    await actor.setAttack(saleAddress, sale.interface.encodeFunctionData('claimTokens'));
    await actor.execute(saleAddress, sale.interface.encodeFunctionData('claimTokens'), 0);
    expect(await actor.reentrySucceeded()).to.equal(false);
    expect(await actor.received()).to.equal(refund);
    expect(await token.balanceOf(await actor.getAddress())).to.equal(tokens);
  });

  it('a developer re-entering withdrawProceeds during its withdrawal is refused and paid once', async function () {
    const { sale, actorDev, params } = await loadFixture(adversaryFixture);
    const saleAddress = await sale.getAddress();
    await time.increaseTo(params.sale.start);
    await sale.connect((await ethers.getSigners())[4]!).commit([], { value: E('30') });
    await time.increaseTo(params.sale.end);
    await actorDev.setAttack(saleAddress, sale.interface.encodeFunctionData('withdrawProceeds'));
    await actorDev.execute(saleAddress, sale.interface.encodeFunctionData('withdrawProceeds'), 0);
    expect(await actorDev.reentrySucceeded()).to.equal(false);
    // 30 ETH minus 2.5 % fee and 10 % liquidity share.
    expect(await actorDev.received()).to.equal(E('26.25'));
    await sale.releaseFee();
    await sale.releaseLiquidityShare();
    expect(await ethers.provider.getBalance(saleAddress)).to.equal(0);
  });

  it("a liquidity recipient that refuses ETH cannot hold back the treasury's fee", async function () {
    const base = await deployLaunchFactory();
    const [, developer, , buyer] = base.signers;
    const refusing = await ethers.deployContract('RejectingHolder');
    const params = await launchParams(7, await refusing.getAddress());
    const { sale } = await launch(base.factory, developer!, params);
    await time.increaseTo(params.sale.start);
    await sale.connect(buyer!).commit([], { value: E('40') });
    await time.increaseTo(params.sale.end);
    // The recipient refuses its share: only its own release fails...
    await expect(sale.releaseLiquidityShare())
      .to.be.revertedWithCustomError(sale, 'IMOSalePayoutFailed')
      .withArgs(await refusing.getAddress(), E('4'));
    // ...while the treasury's fee and the developer's proceeds are paid as usual.
    await expect(sale.releaseFee()).to.changeEtherBalance(base.treasury, E('1'));
    await expect(sale.connect(developer!).withdrawProceeds()).to.changeEtherBalance(developer!, E('35'));
    // Its share waits for it, and is paid once it accepts.
    expect(await ethers.provider.getBalance(await sale.getAddress())).to.equal(E('4'));
    await refusing.setAccept(true);
    await expect(sale.releaseLiquidityShare()).to.changeEtherBalance(refusing, E('4'));
  });

  describe('revenue earned while tokens sit in the sale (the first claimer cannot take it)', function () {
    /** An oversubscribed sale holding nearly all the supply (one token vests to the developer). */
    async function allInSale() {
      const base = await deployLaunchFactory();
      const [, developer, , a, b, c, payer] = base.signers;
      const params = await launchParams(8, ethers.ZeroAddress, {
        developerSupply: E('1'),
        liquiditySupply: 0n,
        sale: { ...(await launchParams(8, ethers.ZeroAddress)).sale, liquidityShareBps: 0 },
      });
      const launched = await launch(base.factory, developer!, params);
      await time.increaseTo(params.sale.start);
      // Revenue arrives while everything is still in the sale...
      await launched.token.connect(payer!).depositRevenue({ value: E('3') });
      await launched.sale.connect(a!).commit([], { value: E('40') });
      await launched.sale.connect(b!).commit([], { value: E('40') });
      await launched.sale.connect(c!).commit([], { value: E('20') });
      await launched.token.connect(payer!).depositRevenue({ value: E('5') });
      await time.increaseTo(params.sale.end);
      await launched.sale.settle();
      // ...and after the sale, before anyone has claimed.
      await launched.token.connect(payer!).depositRevenue({ value: E('2') });
      return { ...launched, buyers: [a!, b!, c!], payer: payer! };
    }

    for (const order of [
      [0, 1, 2],
      [2, 1, 0],
      [1, 2, 0],
    ]) {
      it(`pays each buyer its allotment's share, claiming in the order ${order.join(', ')}`, async function () {
        const { sale, token, buyers, payer } = await loadFixture(allInSale);
        const supply = await token.totalSupply(); // 1M sold (100 ETH at the hard cap) + 1 vesting
        for (const i of order) {
          await sale.connect(buyers[i]!).claimTokens();
          // A deposit between claims is earned by every sold token, claimed or not.
          await token.connect(payer).depositRevenue({ value: E('1') });
        }
        const total = E('3') + E('5') + E('2') + E('3');
        const deposits = 6n;
        for (const buyer of buyers) {
          const balance = await token.balanceOf(buyer.address);
          const exact = (total * balance) / supply;
          // Within the accumulator's rounding: under balance / 2^64 + 1 wei per deposit.
          expect(await token.claimable(buyer.address)).to.be.within(exact - deposits * revenueLag(balance), exact);
        }
        expect(await token.claimable(await sale.getAddress())).to.equal(0);
      });
    }
  });

  it('tiny and large buyers claiming in any order never get more than their exact pro-rata share', async function () {
    const base = await deployLaunchFactory();
    const [, developer, , , payer] = base.signers;
    const defaults = await launchParams(22, ethers.ZeroAddress);
    const params = await launchParams(22, ethers.ZeroAddress, {
      developerSupply: E('1'),
      liquiditySupply: 0n,
      sale: { ...defaults.sale, liquidityShareBps: 0 },
    });
    const { token, sale } = await launch(base.factory, developer!, params);
    const buyers = await funded(12);
    // Dust commitments (1 wei, 1 gwei, 3 wei) beside large ones; oversubscribed, so everything is sold.
    const commits = [1n, E('40'), 10n ** 9n, E('33.3'), 3n, E('17'), E('0.000001'), E('29'), 7n, E('11'), 1n, E('1')];
    await time.increaseTo(params.sale.start);
    await token.connect(payer!).depositRevenue({ value: 1_000_000_007n });
    for (const [i, b] of buyers.entries()) await sale.connect(b).commit([], { value: commits[i]! });
    await token.connect(payer!).depositRevenue({ value: E('1.234567891') });
    await time.increaseTo(params.sale.end);
    let deposits = 2n;
    let total = 1_000_000_007n + E('1.234567891');
    // Claim in a scrambled order, with a small deposit after each claim.
    for (const i of [4, 0, 10, 2, 8, 1, 6, 3, 11, 5, 9, 7]) {
      await sale.connect(buyers[i]!).claimTokens();
      await token.connect(payer!).depositRevenue({ value: 333_333_333n + BigInt(i) });
      total += 333_333_333n + BigInt(i);
      deposits++;
    }
    const supply = await token.totalSupply();
    let claimableSum = 0n;
    for (const b of buyers) {
      const balance = await token.balanceOf(b.address);
      const exact = (total * balance) / supply;
      const got = await token.claimable(b.address);
      claimableSum += got;
      expect(got).to.be.within(exact - deposits * revenueLag(balance), exact);
    }
    // ETH held covers every claim, what the unclaimed dust tokens in the sale earned, and the carry.
    const saleEarned = await token.claimable(await sale.getAddress());
    const held = await ethers.provider.getBalance(await token.getAddress());
    expect(held).to.be.greaterThanOrEqual(claimableSum + saleEarned + (await token.undistributedRevenue()));
  });
});
