import { expect } from 'chai';
import hre, { ethers } from 'hardhat';
import path from 'node:path';
import { loadFixture } from '@nomicfoundation/hardhat-network-helpers';
import { MODELS_DIR, readModelPackage } from '../../oracle/src/node/readModelPackage';
import { registryCommitment } from '../../oracle/src/runtime';
import { deployContracts } from '../../scripts/deploy/deployContracts';
import { PROTOCOL_PARAMS } from '../../scripts/deploy/protocolParams';
import { seedDemo } from '../../scripts/deploy/seedDemo';

async function seededFixture() {
  const deployed = await deployContracts(hre, PROTOCOL_PARAMS.local);
  const models = await seedDemo(hre, deployed.factory, deployed.oracle);
  return { ...deployed, models };
}

describe('npm start demo seed', function () {
  it('launches every bundled package under the modelHash the TypeScript runtime computes', async function () {
    const { registry, models } = await loadFixture(seededFixture);
    expect(models.map((m) => m.name)).to.deep.equal(['digits', 'digits-lite', 'kjv-textgen']);
    for (const seeded of models) {
      const pkg = readModelPackage(path.join(MODELS_DIR, seeded.name));
      const model = await registry.getModel(seeded.id);
      expect(model.modelHash).to.equal(pkg.manifest.commitment.modelHash);
      expect(model.developer).to.equal(pkg.manifest.developer);
      expect(model.opCount).to.equal(pkg.graph.length);
      expect(await registry.commitmentMatches(model.id, registryCommitment(pkg.manifest))).to.equal(true);
    }
  });

  it('leaves one finished sale with holders earning revenue, and open sales', async function () {
    const { models } = await loadFixture(seededFixture);
    const [finished, open, textgen] = models;
    expect(finished!.saleState).to.equal('succeeded');
    expect(open!.saleState).to.equal('active');
    expect(textgen!.saleState).to.equal('active');
    const sale = await ethers.getContractAt('IMOSale', finished!.sale);
    expect(await sale.proceeds()).to.equal(ethers.parseEther('100'));
    const token = await ethers.getContractAt('ModelToken', finished!.token);
    const [, developer, , alice, bob, carol] = await ethers.getSigners();
    expect(await token.claimable(bob!.address)).to.equal(0n);
    for (const holder of [alice!, carol!]) expect(await token.claimable(holder.address)).to.be.greaterThan(0n);
    const held = await ethers.provider.getBalance(await token.getAddress());
    let owed = (await token.redemptionReserve()) + (await token.undistributedRevenue());
    for (const holder of [developer!, alice!, bob!, carol!]) owed += await token.claimable(holder.address);
    expect(held >= owed).to.equal(true);
    const openSale = await ethers.getContractAt('IMOSale', open!.sale);
    expect(await openSale.totalCommitted()).to.equal(ethers.parseEther('5'));
  });

  it('stakes a demo operator opted in to every demo model', async function () {
    const { oracle, models } = await loadFixture(seededFixture);
    const operator = (await ethers.getSigners())[6]!;
    expect((await oracle.operatorOf(operator.address)).stake).to.equal(ethers.parseEther('10'));
    for (const m of models) {
      const members = await oracle.membersOf(m.id);
      expect(members.map((x) => [x.operator, x.leftAt])).to.deep.equal([[operator.address, 0n]]);
    }
  });
});
