import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture, time } from '@nomicfoundation/hardhat-network-helpers';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { revenueLag } from '../shared/fixtures';
import { E, deployLaunchFactory, launch, launchParams } from '../shared/launchFixtures';

async function saleFixture() {
  const base = await deployLaunchFactory();
  const [, developer, liquidity, alice, bob, carol, dave] = base.signers as [
    (typeof base.signers)[0],
    (typeof base.signers)[0],
    (typeof base.signers)[0],
    (typeof base.signers)[0],
    (typeof base.signers)[0],
    (typeof base.signers)[0],
    (typeof base.signers)[0],
  ];
  const params = await launchParams(1, liquidity.address);
  const launched = await launch(base.factory, developer, params);
  return { ...base, ...launched, params, developer, liquidity, alice, bob, carol, dave };
}

async function openSale() {
  const f = await saleFixture();
  await time.increaseTo(f.params.sale.start);
  return f;
}

describe('IMOSale', function () {
  describe('commit', function () {
    it('accepts ETH inside the window and tracks commitments', async function () {
      const { sale, alice, bob } = await loadFixture(openSale);
      await expect(sale.connect(alice).commit([], { value: E('10') }))
        .to.emit(sale, 'Committed')
        .withArgs(alice.address, E('10'), E('10'));
      await sale.connect(alice).commit([], { value: E('5') });
      await sale.connect(bob).commit([], { value: E('1') });
      expect(await sale.commitmentOf(alice.address)).to.equal(E('15'));
      expect(await sale.totalCommitted()).to.equal(E('16'));
      expect(await sale.state()).to.equal(1); // Active
      expect(await sale.timeLeft()).to.be.greaterThan(0);
    });

    it('rejects commitments outside the window', async function () {
      const { sale, alice, params } = await loadFixture(saleFixture);
      expect(await sale.state()).to.equal(0); // Pending
      await expect(sale.connect(alice).commit([], { value: E('1') }))
        .to.be.revertedWithCustomError(sale, 'IMOSaleNotActive')
        .withArgs(anyUint, params.sale.start, params.sale.end);
      await time.increaseTo(params.sale.end);
      await expect(sale.connect(alice).commit([], { value: E('1') })).to.be.revertedWithCustomError(
        sale,
        'IMOSaleNotActive',
      );
      expect(await sale.timeLeft()).to.equal(0);
    });

    it('rejects empty commitments and commitments over the wallet cap', async function () {
      const { sale, alice } = await loadFixture(openSale);
      await expect(sale.connect(alice).commit([])).to.be.revertedWithCustomError(sale, 'IMOSaleZeroCommitment');
      await sale.connect(alice).commit([], { value: E('39') });
      await expect(sale.connect(alice).commit([], { value: E('2') }))
        .to.be.revertedWithCustomError(sale, 'IMOSaleWalletCapExceeded')
        .withArgs(alice.address, E('41'), E('40'));
    });

    it('admits only allowlisted buyers when there is an allowlist', async function () {
      const base = await deployLaunchFactory();
      const [, developer, liquidity, alice, bob] = base.signers;
      const tree = StandardMerkleTree.of([[alice!.address], [developer!.address]], ['address']);
      const params = await launchParams(2, liquidity!.address);
      params.sale.allowlistRoot = tree.root;
      const { sale } = await launch(base.factory, developer!, params);
      await time.increaseTo(params.sale.start);
      await sale.connect(alice!).commit(tree.getProof([alice!.address]), { value: E('1') });
      await expect(sale.connect(bob!).commit(tree.getProof([alice!.address]), { value: E('1') }))
        .to.be.revertedWithCustomError(sale, 'IMOSaleNotAllowlisted')
        .withArgs(bob!.address);
      await expect(sale.connect(bob!).commit([], { value: E('1') })).to.be.revertedWithCustomError(
        sale,
        'IMOSaleNotAllowlisted',
      );
    });
  });

  describe('after a successful, undersubscribed sale', function () {
    async function succeeded() {
      const f = await openSale();
      await f.sale.connect(f.alice).commit([], { value: E('30') });
      await f.sale.connect(f.bob).commit([], { value: E('10') });
      await time.increaseTo(f.params.sale.end);
      return f;
    }

    it('settles once: burns the unsold tokens', async function () {
      const { sale, token } = await loadFixture(succeeded);
      expect(await sale.state()).to.equal(2); // Succeeded
      // 40 ETH at 0.0001 = 400k tokens sold; 600k burned.
      await expect(sale.settle()).to.emit(sale, 'Settled').withArgs(true, E('40'), E('400000'), E('600000'));
      expect(await token.totalSupply()).to.equal(E('1000000'));
      await expect(sale.settle()).to.not.emit(sale, 'Settled');
    });

    it('buyers claim their tokens at the price, once', async function () {
      const { sale, token, alice } = await loadFixture(succeeded);
      expect(await sale.claimableTokens(alice.address)).to.equal(E('300000'));
      expect(await sale.allotmentOf(alice.address)).to.deep.equal([E('300000'), 0n]);
      await expect(sale.connect(alice).claimTokens())
        .to.emit(sale, 'TokensClaimed')
        .withArgs(alice.address, E('300000'), 0);
      expect(await token.balanceOf(alice.address)).to.equal(E('300000'));
      expect(await sale.hasClaimed(alice.address)).to.equal(true);
      expect(await sale.claimableTokens(alice.address)).to.equal(0);
      await expect(sale.connect(alice).claimTokens())
        .to.be.revertedWithCustomError(sale, 'IMOSaleAlreadyClaimed')
        .withArgs(alice.address);
    });

    it('sold tokens earn for their buyers from the sale on, claimed or not; the sale can never claim', async function () {
      const { sale, token, alice, bob } = await loadFixture(succeeded);
      await sale.connect(alice).claimTokens();
      // 500k vesting + 100k liquidity + 400k sold (300k claimed by alice, bob's 100k still in the sale).
      expect(await token.eligibleSupply()).to.equal(E('1000000'));
      await token.depositRevenue({ value: E('10') });
      expect(await token.claimable(alice.address)).to.be.within(E('3') - revenueLag(E('300000')), E('3'));
      const saleAddress = await sale.getAddress();
      expect(await token.claimable(saleAddress)).to.be.within(E('1') - revenueLag(E('100000')), E('1'));
      await expect(token.claimFor(saleAddress)).to.be.revertedWithCustomError(token, 'ModelTokenEscrowRevenue');
      // Bob's tokens take what they earned in the sale with them.
      await sale.connect(bob).claimTokens();
      expect(await token.claimable(bob.address)).to.be.within(E('1') - revenueLag(E('100000')), E('1'));
      expect(await token.claimable(saleAddress)).to.equal(0);
    });

    it('refuses refunds and claims from non-buyers', async function () {
      const { sale, alice, carol } = await loadFixture(succeeded);
      await expect(sale.connect(alice).refund()).to.be.revertedWithCustomError(sale, 'IMOSaleRefundAfterSuccess');
      await expect(sale.connect(carol).claimTokens())
        .to.be.revertedWithCustomError(sale, 'IMOSaleNothingCommitted')
        .withArgs(carol.address);
    });

    it('pays the developer the proceeds minus fee and liquidity share, once, and only the developer', async function () {
      const { sale, developer, alice, treasury, liquidity } = await loadFixture(succeeded);
      await expect(sale.connect(alice).withdrawProceeds())
        .to.be.revertedWithCustomError(sale, 'IMOSaleNotDeveloper')
        .withArgs(alice.address, developer.address);
      expect(await sale.proceeds()).to.equal(E('40'));
      // fee 2.5 % = 1 ETH, liquidity 10 % = 4 ETH, developer 35 ETH.
      await expect(sale.connect(developer).withdrawProceeds()).to.changeEtherBalances(
        [developer, sale],
        [E('35'), -E('35')],
      );
      await expect(sale.connect(developer).withdrawProceeds()).to.be.revertedWithCustomError(
        sale,
        'IMOSaleAlreadyWithdrawn',
      );
      const releaseFee = sale.connect(alice).releaseFee();
      await expect(releaseFee).to.emit(sale, 'FeeReleased').withArgs(treasury.address, E('1'));
      await expect(releaseFee).to.changeEtherBalances([treasury, liquidity], [E('1'), 0]);
      await expect(sale.releaseFee()).to.be.revertedWithCustomError(sale, 'IMOSaleAlreadyWithdrawn');
      const releaseLiquidity = sale.connect(alice).releaseLiquidityShare();
      await expect(releaseLiquidity).to.emit(sale, 'LiquidityShareReleased').withArgs(liquidity.address, E('4'));
      await expect(releaseLiquidity).to.changeEtherBalances([treasury, liquidity], [0, E('4')]);
      await expect(sale.releaseLiquidityShare()).to.be.revertedWithCustomError(sale, 'IMOSaleAlreadyWithdrawn');
      expect(await ethers.provider.getBalance(await sale.getAddress())).to.equal(0);
    });
  });

  describe('after an oversubscribed sale', function () {
    async function oversubscribed() {
      const f = await openSale();
      await f.sale.connect(f.alice).commit([], { value: E('40') });
      await f.sale.connect(f.bob).commit([], { value: E('40') });
      await f.sale.connect(f.carol).commit([], { value: E('40') });
      await f.sale.connect(f.dave).commit([], { value: E('30') });
      await time.increaseTo(f.params.sale.end);
      return f;
    }

    it('allots pro rata at the fixed price and refunds the excess', async function () {
      const { sale, token, alice, dave } = await loadFixture(oversubscribed);
      // 150 committed for a 100 ETH cap: everyone gets 2/3 of its commitment in tokens.
      const [tokens, refund] = await sale.allotmentOf(alice.address);
      expect(tokens).to.equal((E('40') * E('100') * 10n ** 18n) / (E('150') * E('0.0001')));
      expect(refund).to.equal((E('40') * E('50')) / E('150'));
      expect(await sale.refundableOf(dave.address)).to.equal(E('10'));
      await expect(sale.connect(alice).claimTokens()).to.changeEtherBalance(alice, refund);
      expect(await token.balanceOf(alice.address)).to.equal(tokens);
      // Nothing burned: the hard cap's worth of tokens (all 1M) is sold.
      expect(await token.totalSupply()).to.equal(E('1600000'));
    });

    it('pays proceeds of exactly the hard cap', async function () {
      const { sale } = await loadFixture(oversubscribed);
      expect(await sale.proceeds()).to.equal(E('100'));
    });
  });

  describe('after a failed sale', function () {
    async function failed() {
      const f = await openSale();
      await f.sale.connect(f.alice).commit([], { value: E('5') });
      await time.increaseTo(f.params.sale.end);
      return f;
    }

    it('refunds every buyer in full, once, and burns the whole sale supply', async function () {
      const { sale, token, alice } = await loadFixture(failed);
      expect(await sale.state()).to.equal(3); // Failed
      expect(await sale.refundableOf(alice.address)).to.equal(E('5'));
      await expect(sale.connect(alice).refund()).to.changeEtherBalance(alice, E('5'));
      expect(await token.totalSupply()).to.equal(E('600000'));
      await expect(sale.connect(alice).refund()).to.be.revertedWithCustomError(sale, 'IMOSaleAlreadyClaimed');
    });

    it('has no tokens to claim and no proceeds', async function () {
      const { sale, alice, developer } = await loadFixture(failed);
      await expect(sale.connect(alice).claimTokens()).to.be.revertedWithCustomError(sale, 'IMOSaleFailed');
      await expect(sale.connect(developer).withdrawProceeds()).to.be.revertedWithCustomError(sale, 'IMOSaleFailed');
      await expect(sale.releaseFee()).to.be.revertedWithCustomError(sale, 'IMOSaleFailed');
      await expect(sale.releaseLiquidityShare()).to.be.revertedWithCustomError(sale, 'IMOSaleFailed');
      expect(await sale.proceeds()).to.equal(0);
      expect(await sale.claimableTokens(alice.address)).to.equal(0);
    });
  });

  describe('before the end', function () {
    it('nothing can be claimed, refunded, settled or withdrawn', async function () {
      const { sale, alice, developer, params } = await loadFixture(openSale);
      await sale.connect(alice).commit([], { value: E('30') });
      for (const tx of [
        sale.connect(alice).claimTokens(),
        sale.connect(alice).refund(),
        sale.connect(developer).withdrawProceeds(),
        sale.settle(),
        sale.releaseFee(),
        sale.releaseLiquidityShare(),
      ]) {
        await expect(tx).to.be.revertedWithCustomError(sale, 'IMOSaleNotEnded').withArgs(params.sale.end);
      }
      expect(await sale.claimableTokens(alice.address)).to.equal(0);
      expect(await sale.refundableOf(alice.address)).to.equal(0);
    });
  });
});

describe('DeveloperVesting', function () {
  async function vestingFixture() {
    const f = await saleFixture();
    const start = BigInt(f.params.sale.end);
    return { ...f, vesting: f.vesting!, start, cliff: start + 90n * 86400n, end: start + 365n * 86400n };
  }

  it('exposes its beneficiary, token and schedule', async function () {
    const { vesting, token, developer, start, cliff } = await loadFixture(vestingFixture);
    expect(await vesting.beneficiary()).to.equal(developer.address);
    expect(await vesting.token()).to.equal(await token.getAddress());
    expect(await vesting.start()).to.equal(start);
    expect(await vesting.cliff()).to.equal(cliff);
    expect(await vesting.duration()).to.equal(365n * 86400n);
  });

  it('vests nothing before the cliff, linearly after, everything at the end', async function () {
    const { vesting, token, developer, alice, start, cliff, end } = await loadFixture(vestingFixture);
    const total = E('500000');
    await time.increaseTo(cliff - 2n);
    expect(await vesting.releasable()).to.equal(0);
    // Mined at cliff − 1: still nothing.
    await expect(vesting.release())
      .to.be.revertedWithCustomError(vesting, 'DeveloperVestingNothingToRelease')
      .withArgs(cliff);
    expect(await vesting.vestedAmount(cliff)).to.equal((total * (cliff - start)) / (end - start));
    const mid = start + (end - start) / 2n;
    expect(await vesting.vestedAmount(mid)).to.equal(total / 2n);
    await time.setNextBlockTimestamp(mid);
    await expect(vesting.connect(alice).release())
      .to.emit(vesting, 'TokensReleased')
      .withArgs(total / 2n);
    expect(await token.balanceOf(developer.address)).to.equal(total / 2n);
    expect(await vesting.released()).to.equal(total / 2n);
    expect(await vesting.vestedAmount(mid)).to.equal(total / 2n);
    await time.increaseTo(end);
    await vesting.release();
    expect(await token.balanceOf(developer.address)).to.equal(total);
    expect(await token.balanceOf(await vesting.getAddress())).to.equal(0);
    expect(await vesting.vestedAmount(end + 1000n)).to.equal(total);
  });

  it('forwards the revenue of locked tokens to the developer at once', async function () {
    const { vesting, token, developer } = await loadFixture(vestingFixture);
    await token.depositRevenue({ value: E('16') }); // eligible: 1M in the sale + 500k vesting + 100k liquidity
    const owed = await token.claimable(await vesting.getAddress());
    expect(owed).to.be.within(E('5') - revenueLag(E('500000')), E('5'));
    await expect(vesting.claimRevenue()).to.changeEtherBalance(developer, owed);
    expect(await token.claimable(await vesting.getAddress())).to.equal(0);
    await expect(vesting.claimRevenue()).to.be.revertedWithCustomError(vesting, 'DeveloperVestingNothingToClaim');
  });

  it('forwards revenue anyone pushed to it with claimFor or claimMany: nothing is stranded', async function () {
    const { vesting, token, developer, alice } = await loadFixture(vestingFixture);
    const vestingAddress = await vesting.getAddress();
    await token.depositRevenue({ value: E('16') });
    const first = await token.claimable(vestingAddress);
    // A third party pays the vesting wallet its revenue directly...
    await expect(token.connect(alice).claimFor(vestingAddress)).to.changeEtherBalance(vesting, first);
    await token.depositRevenue({ value: E('16') });
    const second = await token.claimable(vestingAddress);
    await token.connect(alice).claimMany([vestingAddress]);
    expect(await ethers.provider.getBalance(vestingAddress)).to.equal(first + second);
    // ...and the next claimRevenue (anyone's) forwards all of it, with what is claimable by then.
    await token.depositRevenue({ value: E('16') });
    const third = await token.claimable(vestingAddress);
    const forward = vesting.connect(alice).claimRevenue();
    await expect(forward)
      .to.emit(vesting, 'RevenueForwarded')
      .withArgs(first + second + third);
    await expect(forward).to.changeEtherBalance(developer, first + second + third);
    expect(await ethers.provider.getBalance(vestingAddress)).to.equal(0);
  });
});

const anyUint = (v: unknown) => typeof v === 'bigint';
