import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture, time } from '@nomicfoundation/hardhat-network-helpers';
import { E, PROTOCOL_FEE_BPS, deployLaunchFactory, launch, launchParams } from '../shared/launchFixtures';

async function factoryFixture() {
  const base = await deployLaunchFactory();
  const [, developer, liquidity] = base.signers;
  return { ...base, developer: developer!, liquidity: liquidity! };
}

describe('LaunchFactory', function () {
  describe('launch', function () {
    it('registers the model for the caller and creates token, sale and vesting in one transaction', async function () {
      const { factory, registry, developer, liquidity, treasury } = await loadFixture(factoryFixture);
      const params = await launchParams(1, liquidity.address);
      const { modelId, token, sale, vesting } = await launch(factory, developer, params);
      const model = await registry.getModel(modelId);
      expect(model.developer).to.equal(developer.address);
      expect(model.token).to.equal(await token.getAddress());
      const saleAddress = await sale.getAddress();
      expect(await token.balanceOf(saleAddress)).to.equal(E('1000000'));
      expect(await token.balanceOf(await vesting!.getAddress())).to.equal(E('500000'));
      expect(await token.balanceOf(liquidity.address)).to.equal(E('100000'));
      expect(await token.totalSupply()).to.equal(E('1600000'));
      expect(await token.isEscrow(saleAddress)).to.equal(true);
      expect(await token.isExcluded(saleAddress)).to.equal(false);
      expect(await token.eligibleSupply()).to.equal(E('1600000'));
      const terms = await sale.terms();
      expect(terms.token).to.equal(await token.getAddress());
      expect(terms.developer).to.equal(developer.address);
      expect(terms.price).to.equal(E('0.0001'));
      expect(terms.hardCap).to.equal(E('100'));
      expect(terms.protocolFeeBps).to.equal(PROTOCOL_FEE_BPS);
      expect(terms.treasury).to.equal(treasury.address);
      expect(terms.liquidityRecipient).to.equal(liquidity.address);
      expect(terms.saleSupply).to.equal(E('1000000'));
      expect(await vesting!.beneficiary()).to.equal(developer.address);
      expect(await vesting!.token()).to.equal(await token.getAddress());
      expect(await vesting!.start()).to.equal(params.sale.end);
      expect(await vesting!.cliff()).to.equal(BigInt(params.sale.end) + 90n * 86400n);
    });

    it('emits Launched with every address', async function () {
      const { factory, developer, liquidity } = await loadFixture(factoryFixture);
      const params = await launchParams(2, liquidity.address);
      const [modelId, token, sale, vesting] = await factory.connect(developer).launch.staticCall(params);
      await expect(factory.connect(developer).launch(params))
        .to.emit(factory, 'Launched')
        .withArgs(modelId, developer.address, token, sale, vesting, E('1000000'), E('500000'), E('100000'));
    });

    it('launches without a liquidity allocation, but never with every token in the sale', async function () {
      const { factory, developer } = await loadFixture(factoryFixture);
      const allInSale = await launchParams(3, ethers.ZeroAddress, { developerSupply: 0n, liquiditySupply: 0n });
      allInSale.sale.liquidityShareBps = 0;
      // A failed sale would burn the whole supply: the model's revenue would have no holder.
      await expect(factory.connect(developer).launch(allInSale)).to.be.revertedWithCustomError(
        factory,
        'LaunchNothingOutsideSale',
      );
      const params = await launchParams(3, ethers.ZeroAddress, { liquiditySupply: 0n });
      params.sale.liquidityShareBps = 0;
      const { token, sale, vesting } = await launch(factory, developer, params);
      expect(vesting).to.not.equal(undefined);
      expect(await token.totalSupply()).to.equal(E('1500000'));
      expect(await token.balanceOf(await sale.getAddress())).to.equal(E('1000000'));
    });

    it('binds the model to the caller: the same commitment by another developer is another model', async function () {
      const { factory, registry, developer, liquidity, signers } = await loadFixture(factoryFixture);
      const params = await launchParams(4, liquidity.address);
      await launch(factory, developer, params);
      await expect(factory.connect(developer).launch(params)).to.be.revertedWithCustomError(
        registry,
        'ModelRegistryDuplicateModel',
      );
      const other = signers[3]!;
      const { modelId } = await launch(factory, other, params);
      expect((await registry.getModel(modelId)).developer).to.equal(other.address);
    });

    it('rejects invalid sale parameters with the values a UI needs', async function () {
      const { factory, developer, liquidity } = await loadFixture(factoryFixture);
      const base = await launchParams(5, liquidity.address);
      const now = await time.latest();
      const cases: [Partial<typeof base.sale>, string, unknown[] | undefined][] = [
        [{ price: 0 }, 'LaunchZeroPrice', undefined],
        [{ softCap: E('101') }, 'LaunchCapsOutOfOrder', [E('101'), E('100'), E('40')]],
        [{ softCap: 0 }, 'LaunchCapsOutOfOrder', [0, E('100'), E('40')]],
        [{ walletCap: 0 }, 'LaunchCapsOutOfOrder', [E('20'), E('100'), 0]],
        [{ start: now - 10 }, 'LaunchScheduleInPast', undefined],
        [{ end: base.sale.start }, 'LaunchScheduleInvalid', [base.sale.start, base.sale.start, 90 * 86400]],
        [{ end: Number(base.sale.start) + 91 * 86400 }, 'LaunchScheduleInvalid', undefined],
        [{ hardCap: E('101') }, 'LaunchSaleSupplyTooSmall', [E('1010000'), E('1000000')]],
        [{ liquidityShareBps: 5001 }, 'LaunchInvalidLiquidityShare', [5001, 5000]],
      ];
      for (const [change, error, args] of cases) {
        const tx = factory.connect(developer).launch({ ...base, sale: { ...base.sale, ...change } });
        if (args)
          await expect(tx)
            .to.be.revertedWithCustomError(factory, error)
            .withArgs(...args);
        else await expect(tx).to.be.revertedWithCustomError(factory, error);
      }
    });

    it('rejects allocations out of bounds and bad vesting', async function () {
      const { factory, developer, liquidity } = await loadFixture(factoryFixture);
      const base = await launchParams(6, liquidity.address);
      await expect(factory.connect(developer).launch({ ...base, developerSupply: E('1200000'), liquiditySupply: 0n }))
        .to.be.revertedWithCustomError(factory, 'LaunchAllocationOutOfBounds')
        .withArgs('developer', 5454, 5000);
      await expect(factory.connect(developer).launch({ ...base, liquiditySupply: E('500000') }))
        .to.be.revertedWithCustomError(factory, 'LaunchAllocationOutOfBounds')
        .withArgs('liquidity', 2500, 2000);
      await expect(factory.connect(developer).launch({ ...base, liquidityRecipient: ethers.ZeroAddress }))
        .to.be.revertedWithCustomError(factory, 'LaunchAllocationOutOfBounds')
        .withArgs('liquidity recipient', 0, 0);
      await expect(factory.connect(developer).launch({ ...base, saleSupply: 0n }))
        .to.be.revertedWithCustomError(factory, 'LaunchAllocationOutOfBounds')
        .withArgs('sale', 0, 2000);
      await expect(
        factory
          .connect(developer)
          .launch({ ...base, vesting: { start: 0, cliff: 400 * 86400, duration: 365 * 86400 } }),
      )
        .to.be.revertedWithCustomError(factory, 'LaunchInvalidVesting')
        .withArgs(400 * 86400, 365 * 86400);
      await expect(factory.connect(developer).launch({ ...base, vesting: { start: 0, cliff: 0, duration: 0 } }))
        .to.be.revertedWithCustomError(factory, 'LaunchInvalidVesting')
        .withArgs(0, 0);
      // Vesting may not start before the sale ends.
      await expect(
        factory
          .connect(developer)
          .launch({ ...base, vesting: { start: BigInt(base.sale.end) - 1n, cliff: 0, duration: 100 } }),
      ).to.be.revertedWithCustomError(factory, 'LaunchInvalidVesting');
      await launch(factory, developer, {
        ...base,
        vesting: { start: BigInt(base.sale.end) + 10n, cliff: 0, duration: 100 },
      });
    });

    it('needs to be an approved launcher of the registry', async function () {
      const { factory, registry, developer, liquidity, signers } = await loadFixture(factoryFixture);
      await registry.connect(signers[0]!).setLauncher(await factory.getAddress(), false);
      await expect(
        factory.connect(developer).launch(await launchParams(7, liquidity.address)),
      ).to.be.revertedWithCustomError(registry, 'ModelRegistryNotLauncher');
    });
  });

  describe('protocol fee', function () {
    it('the owner sets the fee for future sales within the bound; existing sales keep theirs', async function () {
      const { factory, developer, liquidity, signers } = await loadFixture(factoryFixture);
      const { sale } = await launch(factory, developer, await launchParams(8, liquidity.address));
      const [owner, , , other] = signers;
      await expect(factory.connect(owner!).setProtocolFee(500, other!.address))
        .to.emit(factory, 'ProtocolFeeChanged')
        .withArgs(500, other!.address);
      expect((await sale.terms()).protocolFeeBps).to.equal(PROTOCOL_FEE_BPS);
      const { sale: next } = await launch(factory, developer, await launchParams(9, liquidity.address));
      expect((await next.terms()).protocolFeeBps).to.equal(500);
      await expect(factory.connect(owner!).setProtocolFee(1001, other!.address))
        .to.be.revertedWithCustomError(factory, 'LaunchInvalidProtocolFee')
        .withArgs(1001, 1000);
      await expect(factory.connect(owner!).setProtocolFee(100, ethers.ZeroAddress)).to.be.revertedWithCustomError(
        factory,
        'LaunchInvalidProtocolFee',
      );
      await expect(factory.connect(other!).setProtocolFee(100, other!.address)).to.be.revertedWithCustomError(
        factory,
        'OwnableUnauthorizedAccount',
      );
    });
  });
});
