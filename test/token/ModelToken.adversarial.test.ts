import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture } from '@nomicfoundation/hardhat-network-helpers';
import { deployRegistry, registerWithToken } from '../shared/fixtures';

const E = ethers.parseEther;
const U = 2n ** 60n;

enum Attack {
  None,
  Claim,
  ClaimFor,
  Burn,
  Transfer,
}

async function adversaryFixture() {
  const { registry, signers } = await deployRegistry();
  const [, developer, alice] = signers as [(typeof signers)[0], (typeof signers)[0], (typeof signers)[0]];
  const { token } = await registerWithToken(registry, developer, 1, {
    recipients: [alice.address],
    amounts: [400n * U],
    reserveBps: 5000,
  });
  const attacker = await ethers.deployContract('ReentrantClaimer', [await token.getAddress()]);
  const holder = await ethers.deployContract('RejectingHolder');
  await token.connect(alice).transfer(await attacker.getAddress(), 100n * U);
  await token.connect(alice).transfer(await holder.getAddress(), 100n * U);
  return { token, attacker, holder, alice };
}

describe('ModelToken (adversarial)', function () {
  for (const [attack, name] of [
    [Attack.Claim, 'claim'],
    [Attack.ClaimFor, 'claimFor'],
    [Attack.Burn, 'burn'],
  ] as const) {
    it(`a receiver re-entering ${name} during a claim payout is refused and is paid once`, async function () {
      const { token, attacker } = await loadFixture(adversaryFixture);
      await token.depositRevenue({ value: E('8') });
      const owed = await token.claimable(await attacker.getAddress());
      expect(owed).to.equal(E('1')); // 4 ETH to holders, a quarter of the eligible supply
      await attacker.setAttack(attack);
      await attacker.claim();
      expect(await attacker.reentered()).to.equal(true);
      expect(await attacker.reentrySucceeded()).to.equal(false);
      expect(await attacker.received()).to.equal(owed);
      expect(await token.claimable(await attacker.getAddress())).to.equal(0);
    });
  }

  it('a transfer inside the payout callback cannot earn twice', async function () {
    const { token, attacker, alice } = await loadFixture(adversaryFixture);
    await token.depositRevenue({ value: E('8') });
    await attacker.setAttack(Attack.Transfer);
    const aliceBefore = await token.claimable(alice.address);
    await attacker.claim();
    expect(await attacker.reentrySucceeded()).to.equal(true);
    expect(await attacker.received()).to.equal(E('1'));
    expect(await token.claimable(await attacker.getAddress())).to.equal(0);
    expect(await token.claimable(alice.address)).to.equal(aliceBefore);
  });

  it('a burn payout that re-enters burn is refused', async function () {
    const { token, attacker } = await loadFixture(adversaryFixture);
    await token.depositRevenue({ value: E('8') });
    await attacker.setAttack(Attack.Burn);
    await attacker.burn(10n * U);
    expect(await attacker.reentrySucceeded()).to.equal(false);
    expect(await token.balanceOf(await attacker.getAddress())).to.equal(90n * U);
  });

  it('a contract holder is paid through claimFor; a rejecting one loses nothing', async function () {
    const { token, holder } = await loadFixture(adversaryFixture);
    const holderAddress = await holder.getAddress();
    await token.depositRevenue({ value: E('8') });
    const owed = await token.claimable(holderAddress);
    expect(owed).to.equal(E('1'));
    await expect(token.claimFor(holderAddress))
      .to.be.revertedWithCustomError(token, 'ModelTokenPayoutFailed')
      .withArgs(holderAddress, owed);
    expect(await token.claimable(holderAddress)).to.equal(owed);
    await holder.setAccept(true);
    await expect(token.claimFor(holderAddress)).to.changeEtherBalance(holder, owed);
  });
});
