import { expect } from 'chai';
import hre, { ethers } from 'hardhat';
import path from 'node:path';
import { loadFixture } from '@nomicfoundation/hardhat-network-helpers';
import { MODELS_DIR, readModelPackage } from '../../oracle/src/node/readModelPackage';
import { deployContracts } from '../../scripts/deploy/deployContracts';
import { PROTOCOL_PARAMS } from '../../scripts/deploy/protocolParams';
import { seedDemo } from '../../scripts/deploy/seedDemo';

async function seededFixture() {
  const deployed = await deployContracts(hre, PROTOCOL_PARAMS.local);
  const models = await seedDemo(hre, deployed.registry);
  return { ...deployed, models };
}

describe('npm start demo seed', function () {
  it('registers the digits package under the modelHash the TypeScript runtime computes', async function () {
    const { registry, models } = await loadFixture(seededFixture);
    const pkg = readModelPackage(path.join(MODELS_DIR, 'digits'));
    expect(models).to.have.length(1);
    const model = await registry.getModel(models[0]!.id);
    expect(model.modelHash).to.equal(pkg.manifest.commitment.modelHash);
    expect(model.developer).to.equal(pkg.manifest.developer);
    expect(model.opCount).to.equal(pkg.graph.length);
    expect(model.io.inputCols).to.equal(64);
    const c = pkg.manifest.commitment;
    expect(
      await registry.commitmentMatches(model.id, {
        graphRoot: c.graphRoot,
        paramsRoot: c.paramsRoot,
        io: { inputRows: 1, inputCols: 64, inputDtype: 0, outputRows: 1, outputCols: 1, outputDtype: 1 },
        opCount: c.opCount,
        stateDepth: c.stateDepth,
      }),
    ).to.equal(true);
  });

  it('leaves holders with revenue: one claimed, the others claimable, nothing lost', async function () {
    const { registry, models } = await loadFixture(seededFixture);
    const token = await ethers.getContractAt('ModelToken', (await registry.getModel(models[0]!.id)).token);
    const [, developer, alice, bob, carol] = await ethers.getSigners();
    expect(await token.claimable(bob!.address)).to.equal(0n);
    for (const holder of [developer!, alice!, carol!])
      expect(await token.claimable(holder.address)).to.be.greaterThan(0n);
    const held = await ethers.provider.getBalance(await token.getAddress());
    let owed = (await token.redemptionReserve()) + (await token.undistributedRevenue());
    for (const holder of [developer!, alice!, bob!, carol!]) owed += await token.claimable(holder.address);
    expect(held - owed).to.be.within(0n, 4n);
  });
});
