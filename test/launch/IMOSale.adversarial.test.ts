import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture, time } from '@nomicfoundation/hardhat-network-helpers';
import { E, deployLaunchFactory, launchParams } from '../shared/launchFixtures';

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
    await sale.releaseShares();
    expect(await ethers.provider.getBalance(saleAddress)).to.equal(0);
  });
});
