import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture, time } from '@nomicfoundation/hardhat-network-helpers';
import { DEFAULT_SPLIT, PROTOCOL_PARAMS, deployRegistry, registerParams } from '../shared/fixtures';

async function registryFixture() {
  const { registry, implementation, signers } = await deployRegistry();
  const [owner, developer, other, launcher, game] = signers as [
    (typeof signers)[0],
    (typeof signers)[0],
    (typeof signers)[0],
    (typeof signers)[0],
    (typeof signers)[0],
  ];
  return { registry, implementation, owner, developer, other, launcher, game };
}

async function registeredFixture() {
  const base = await registryFixture();
  const params = registerParams(1, {
    token: {
      name: 'M',
      symbol: 'M',
      recipients: [base.developer.address],
      amounts: [1000n],
      escrows: [],
      reserveBps: 0,
    },
  });
  await base.registry.connect(base.developer).register(params);
  return { ...base, params };
}

function expectedModelHash(developer: string, params: ReturnType<typeof registerParams>): string {
  const c = params.commitment;
  return ethers.keccak256(
    ethers.AbiCoder.defaultAbiCoder().encode(
      ['uint256', 'address', 'bytes32', 'bytes32', 'tuple(uint32,uint32,uint8,uint32,uint32,uint8)', 'uint32', 'uint8'],
      [
        1,
        developer,
        c.graphRoot,
        c.paramsRoot,
        [c.io.inputRows, c.io.inputCols, c.io.inputDtype, c.io.outputRows, c.io.outputCols, c.io.outputDtype],
        c.opCount,
        c.stateDepth,
      ],
    ),
  );
}

describe('ModelRegistry', function () {
  describe('register', function () {
    it('stores the model under sequential ids, binds modelHash to the developer and creates the token', async function () {
      const { registry, developer, params } = await loadFixture(registeredFixture);
      expect(await registry.modelCount()).to.equal(1);
      const model = await registry.getModel(1);
      const modelHash = expectedModelHash(developer.address, params);
      expect(model.id).to.equal(1);
      expect(model.developer).to.equal(developer.address);
      expect(model.modelHash).to.equal(modelHash);
      expect(model.io.inputCols).to.equal(64);
      expect(model.io.outputDtype).to.equal(1);
      expect(model.opCount).to.equal(5);
      expect(model.stateDepth).to.equal(3);
      expect(await registry.commitmentMatches(1, params.commitment)).to.equal(true);
      expect(await registry.commitmentMatches(1, { ...params.commitment, paramsRoot: ethers.ZeroHash })).to.equal(
        false,
      );
      expect(model.fee).to.equal(params.fee);
      expect(model.frozen).to.equal(false);
      expect(await registry.modelIdOf(modelHash)).to.equal(1);
      const token = await ethers.getContractAt('ModelToken', model.token);
      expect(await token.modelId()).to.equal(1);
      expect(await token.balanceOf(developer.address)).to.equal(1000);

      await registry.connect(developer).register(registerParams(2, { token: params.token }));
      expect(await registry.modelCount()).to.equal(2);
      expect((await registry.getModel(2)).token).to.not.equal(model.token);
    });

    it('emits ModelRegistered with the commitment', async function () {
      const { registry, developer } = await loadFixture(registryFixture);
      const params = registerParams(3, {
        token: { name: 'M', symbol: 'M', recipients: [developer.address], amounts: [1n], escrows: [], reserveBps: 0 },
      });
      await expect(registry.connect(developer).register(params))
        .to.emit(registry, 'ModelRegistered')
        .withArgs(
          1,
          expectedModelHash(developer.address, params),
          developer.address,
          anyValue,
          anyValue,
          params.packageURI,
          params.license,
          params.fee,
          anyValue,
          0,
        );
    });

    it('registers a modelHash once; the same parts by another developer are another model', async function () {
      const { registry, developer, other, params } = await loadFixture(registeredFixture);
      await expect(registry.connect(developer).register(params))
        .to.be.revertedWithCustomError(registry, 'ModelRegistryDuplicateModel')
        .withArgs(expectedModelHash(developer.address, params), 1);
      await registry.connect(other).register(params);
      expect((await registry.getModel(2)).modelHash).to.equal(expectedModelHash(other.address, params));
    });

    it("marks every copy of a model's graph and weights with the first model registered with them", async function () {
      const { registry, developer, other, launcher, params } = await loadFixture(registeredFixture);
      const c = params.commitment;
      expect(await registry.originalOf(1)).to.equal(0);
      expect(await registry.firstModelWith(c.graphRoot, c.paramsRoot)).to.equal(1);
      // Anyone may launch published weights under their own address: allowed, and marked as a copy.
      await expect(registry.connect(other).register(params))
        .to.emit(registry, 'ModelRegistered')
        .withArgs(
          2,
          expectedModelHash(other.address, params),
          other.address,
          anyValue,
          anyValue,
          anyValue,
          anyValue,
          anyValue,
          anyValue,
          1,
        );
      expect(await registry.originalOf(2)).to.equal(1);
      expect((await registry.getModel(2)).originalOf).to.equal(1);
      // A different io spec over the same graph and weights is still a copy of the first.
      const reshaped = { ...params, commitment: { ...c, io: { ...c.io, inputCols: Number(c.io.inputCols) + 1 } } };
      await registry.connect(launcher).register(reshaped);
      expect(await registry.originalOf(3)).to.equal(1);
      // New weights are an original.
      const fresh = registerParams(99, { token: params.token });
      await registry.connect(developer).register(fresh);
      expect(await registry.originalOf(4)).to.equal(0);
      expect(await registry.firstModelWith(fresh.commitment.graphRoot, fresh.commitment.paramsRoot)).to.equal(4);
      await expect(registry.originalOf(5))
        .to.be.revertedWithCustomError(registry, 'ModelRegistryUnknownModel')
        .withArgs(5);
    });

    it('rejects malformed commitments', async function () {
      const { registry, developer } = await loadFixture(registryFixture);
      const base = registerParams(4);
      const cases: [Partial<typeof base.commitment>, string][] = [
        [{ graphRoot: ethers.ZeroHash }, 'graphRoot is zero'],
        [{ opCount: 0, stateDepth: 0 }, 'opCount out of range'],
        [{ opCount: 65_536, stateDepth: 17 }, 'opCount out of range'],
        [{ stateDepth: 4 }, 'stateDepth is not ceil(log2(opCount + 1))'],
        [{ io: { ...base.commitment.io, inputDtype: 2 } }, 'input dtype unknown'],
        [{ io: { ...base.commitment.io, outputRows: 0 } }, 'output shape out of range'],
        [{ io: { ...base.commitment.io, inputCols: 4097 } }, 'input shape out of range'],
        [{ io: { ...base.commitment.io, inputRows: 17, inputCols: 4096, inputDtype: 0 } }, 'input tensor too large'],
      ];
      for (const [change, reason] of cases) {
        const params = { ...base, commitment: { ...base.commitment, ...change } };
        await expect(registry.connect(developer).register(params))
          .to.be.revertedWithCustomError(registry, 'ModelRegistryInvalidCommitment')
          .withArgs(reason);
      }
    });

    it('accepts opCount at the edge of each state depth', async function () {
      const { registry, developer } = await loadFixture(registryFixture);
      const base = registerParams(5);
      for (const [opCount, stateDepth] of [
        [1, 1],
        [3, 2],
        [4, 3],
        [7, 3],
        [8, 4],
      ] as const) {
        const params = {
          ...base,
          commitment: { ...base.commitment, opCount, stateDepth },
          token: { ...base.token, recipients: [developer.address], amounts: [1n] },
        };
        await registry.connect(developer).register(params);
      }
      expect(await registry.modelCount()).to.equal(5);
    });

    it('rejects bad fees, splits and metadata', async function () {
      const { registry, developer } = await loadFixture(registryFixture);
      const base = registerParams(6);
      await expect(registry.connect(developer).register({ ...base, fee: 0 }))
        .to.be.revertedWithCustomError(registry, 'ModelRegistryInvalidFee')
        .withArgs(0, PROTOCOL_PARAMS.maxFee);
      await expect(registry.connect(developer).register({ ...base, fee: PROTOCOL_PARAMS.maxFee + 1n }))
        .to.be.revertedWithCustomError(registry, 'ModelRegistryInvalidFee')
        .withArgs(PROTOCOL_PARAMS.maxFee + 1n, PROTOCOL_PARAMS.maxFee);
      await expect(registry.connect(developer).register({ ...base, split: { ...DEFAULT_SPLIT, holdersBps: 6001 } }))
        .to.be.revertedWithCustomError(registry, 'ModelRegistryInvalidSplitSum')
        .withArgs(10_001);
      await expect(
        registry
          .connect(developer)
          .register({ ...base, split: { holdersBps: 7000, developerBps: 2500, operatorBps: 500, protocolBps: 0 } }),
      )
        .to.be.revertedWithCustomError(registry, 'ModelRegistryOperatorShareTooLow')
        .withArgs(500, 1000);
      await expect(
        registry
          .connect(developer)
          .register({ ...base, split: { holdersBps: 5000, developerBps: 2000, operatorBps: 1500, protocolBps: 1500 } }),
      )
        .to.be.revertedWithCustomError(registry, 'ModelRegistryProtocolShareTooHigh')
        .withArgs(1500, 1000);
      await expect(registry.connect(developer).register({ ...base, packageURI: '' }))
        .to.be.revertedWithCustomError(registry, 'ModelRegistryInvalidMetadata')
        .withArgs(0, 512);
      await expect(registry.connect(developer).register({ ...base, packageURI: 'x'.repeat(513) }))
        .to.be.revertedWithCustomError(registry, 'ModelRegistryInvalidMetadata')
        .withArgs(513, 512);
      await expect(
        registry.connect(developer).register({ ...base, license: ethers.ZeroHash }),
      ).to.be.revertedWithCustomError(registry, 'ModelRegistryMissingLicense');
    });
  });

  describe('registerFor', function () {
    it('lets an approved launcher register for a developer, bound to that developer', async function () {
      const { registry, owner, developer, launcher } = await loadFixture(registryFixture);
      const params = registerParams(7, {
        token: { name: 'M', symbol: 'M', recipients: [developer.address], amounts: [1n], escrows: [], reserveBps: 0 },
      });
      await expect(registry.connect(launcher).registerFor(developer.address, params))
        .to.be.revertedWithCustomError(registry, 'ModelRegistryNotLauncher')
        .withArgs(launcher.address);
      await expect(registry.connect(owner).setLauncher(launcher.address, true))
        .to.emit(registry, 'LauncherSet')
        .withArgs(launcher.address, true);
      await expect(registry.connect(launcher).registerFor(ethers.ZeroAddress, params)).to.be.revertedWithCustomError(
        registry,
        'ModelRegistryZeroAddress',
      );
      await registry.connect(launcher).registerFor(developer.address, params);
      const model = await registry.getModel(1);
      expect(model.developer).to.equal(developer.address);
      expect(model.modelHash).to.equal(expectedModelHash(developer.address, params));
      expect(await registry.isLauncher(launcher.address)).to.equal(true);
    });

    it('only the owner manages launchers', async function () {
      const { registry, other } = await loadFixture(registryFixture);
      await expect(registry.connect(other).setLauncher(other.address, true))
        .to.be.revertedWithCustomError(registry, 'OwnableUnauthorizedAccount')
        .withArgs(other.address);
    });
  });

  describe('fees and splits', function () {
    it('the developer changes the fee prospectively', async function () {
      const { registry, developer, other } = await loadFixture(registeredFixture);
      await expect(registry.connect(developer).setFee(1, 5)).to.emit(registry, 'FeeChanged').withArgs(1, 5);
      expect((await registry.getModel(1)).fee).to.equal(5);
      await expect(registry.connect(other).setFee(1, 6))
        .to.be.revertedWithCustomError(registry, 'ModelRegistryNotDeveloper')
        .withArgs(other.address, developer.address);
      await expect(registry.connect(developer).setFee(1, 0)).to.be.revertedWithCustomError(
        registry,
        'ModelRegistryInvalidFee',
      );
      await expect(registry.connect(developer).setFee(9, 1))
        .to.be.revertedWithCustomError(registry, 'ModelRegistryUnknownModel')
        .withArgs(9);
    });

    it('raises the holders share at once', async function () {
      const { registry, developer } = await loadFixture(registeredFixture);
      const up = { holdersBps: 7000, developerBps: 1000, operatorBps: 1500, protocolBps: 500 };
      await expect(registry.connect(developer).setSplit(1, up)).to.emit(registry, 'SplitChanged');
      expect((await registry.splitOf(1)).holdersBps).to.equal(7000);
    });

    it('lowers the holders share only after the notice period', async function () {
      const { registry, developer } = await loadFixture(registeredFixture);
      const down = { holdersBps: 5000, developerBps: 3000, operatorBps: 1500, protocolBps: 500 };
      const tx = registry.connect(developer).setSplit(1, down);
      await expect(tx).to.emit(registry, 'SplitChangeScheduled');
      const effectiveAt = BigInt(await time.latest()) + BigInt(PROTOCOL_PARAMS.splitNoticePeriod);
      expect((await registry.splitOf(1)).holdersBps).to.equal(6000);
      const pending = await registry.getModel(1);
      expect(pending.pendingSplit.holdersBps).to.equal(5000);
      expect(pending.pendingSplitAt).to.equal(effectiveAt);
      await time.increaseTo(effectiveAt - 1n);
      expect((await registry.splitOf(1)).holdersBps).to.equal(6000);
      await time.increaseTo(effectiveAt);
      expect((await registry.splitOf(1)).holdersBps).to.equal(5000);
      const terms = await registry.requestTerms(1);
      expect(terms.split.holdersBps).to.equal(5000);
      expect([terms.inputBytes, terms.outputBytes]).to.deep.equal([64n, 4n]);
      const after = await registry.getModel(1);
      expect(after.split.holdersBps).to.equal(5000);
      expect(after.pendingSplitAt).to.equal(0);
    });

    it('a raise cancels a scheduled cut; a later cut restarts the notice', async function () {
      const { registry, developer } = await loadFixture(registeredFixture);
      const down = { holdersBps: 5000, developerBps: 3000, operatorBps: 1500, protocolBps: 500 };
      await registry.connect(developer).setSplit(1, down);
      await registry.connect(developer).setSplit(1, DEFAULT_SPLIT);
      await time.increase(PROTOCOL_PARAMS.splitNoticePeriod + 1);
      expect((await registry.splitOf(1)).holdersBps).to.equal(6000);
      await registry.connect(developer).setSplit(1, down);
      await time.increase(PROTOCOL_PARAMS.splitNoticePeriod / 2);
      await registry.connect(developer).setSplit(1, { ...down, holdersBps: 4000, developerBps: 4000 });
      await time.increase(PROTOCOL_PARAMS.splitNoticePeriod / 2 + 10);
      expect((await registry.splitOf(1)).holdersBps).to.equal(6000);
    });

    it('the developer announces a new package URI; the commitment stays', async function () {
      const { registry, developer } = await loadFixture(registeredFixture);
      const before = await registry.getModel(1);
      await expect(registry.connect(developer).setPackageURI(1, 'ipfs://new'))
        .to.emit(registry, 'PackageURIChanged')
        .withArgs(1, 'ipfs://new');
      const after = await registry.getModel(1);
      expect(after.modelHash).to.equal(before.modelHash);
      await expect(registry.connect(developer).setPackageURI(1, ''))
        .to.be.revertedWithCustomError(registry, 'ModelRegistryInvalidMetadata')
        .withArgs(0, 512);
    });
  });

  describe('freeze', function () {
    it('only the freezer, set once by the owner, freezes', async function () {
      const { registry, owner, other, game } = await loadFixture(registeredFixture);
      await expect(registry.connect(other).freeze(1))
        .to.be.revertedWithCustomError(registry, 'ModelRegistryNotFreezer')
        .withArgs(other.address);
      await expect(registry.connect(other).setFreezer(game.address)).to.be.revertedWithCustomError(
        registry,
        'OwnableUnauthorizedAccount',
      );
      await expect(registry.connect(owner).setFreezer(ethers.ZeroAddress)).to.be.revertedWithCustomError(
        registry,
        'ModelRegistryZeroAddress',
      );
      await expect(registry.connect(owner).setFreezer(game.address))
        .to.emit(registry, 'FreezerSet')
        .withArgs(game.address);
      await expect(registry.connect(owner).setFreezer(other.address))
        .to.be.revertedWithCustomError(registry, 'ModelRegistryFreezerAlreadySet')
        .withArgs(game.address);
      await expect(registry.connect(game).freeze(1)).to.emit(registry, 'ModelFrozen').withArgs(1);
      expect(await registry.isFrozen(1)).to.equal(true);
      expect(await registry.freezer()).to.equal(game.address);
      await expect(registry.connect(game).freeze(1)).to.be.revertedWithCustomError(
        registry,
        'ModelRegistryModelFrozen',
      );
      await expect(registry.connect(game).freeze(2)).to.be.revertedWithCustomError(
        registry,
        'ModelRegistryUnknownModel',
      );
    });
  });

  describe('protocol parameters', function () {
    it('the owner sets limits within hard bounds', async function () {
      const { registry, owner, other } = await loadFixture(registryFixture);
      const next = { ...PROTOCOL_PARAMS, minOperatorBps: 2000 };
      await expect(registry.connect(owner).setProtocolParams(next)).to.emit(registry, 'ProtocolParamsChanged');
      expect((await registry.protocolParams()).minOperatorBps).to.equal(2000);
      for (const bad of [
        { ...PROTOCOL_PARAMS, minOperatorBps: 5001 },
        { ...PROTOCOL_PARAMS, maxProtocolBps: 2001 },
        { ...PROTOCOL_PARAMS, splitNoticePeriod: 366 * 24 * 3600 },
        { ...PROTOCOL_PARAMS, maxFee: 0 },
      ]) {
        await expect(registry.connect(owner).setProtocolParams(bad)).to.be.revertedWithCustomError(
          registry,
          'ModelRegistryInvalidProtocolParams',
        );
      }
      await expect(registry.connect(other).setProtocolParams(next)).to.be.revertedWithCustomError(
        registry,
        'OwnableUnauthorizedAccount',
      );
    });

    it('rejects a zero token implementation', async function () {
      const [owner] = await ethers.getSigners();
      const factory = await ethers.getContractFactory('ModelRegistry');
      await expect(factory.deploy(owner!.address, ethers.ZeroAddress, PROTOCOL_PARAMS)).to.be.revertedWithCustomError(
        factory,
        'ModelRegistryZeroAddress',
      );
    });
  });

  describe('reads', function () {
    it('pages through models', async function () {
      const { registry, developer } = await loadFixture(registryFixture);
      for (let i = 0; i < 5; i++) {
        await registry.connect(developer).register(
          registerParams(100 + i, {
            token: {
              name: 'M',
              symbol: 'M',
              recipients: [developer.address],
              amounts: [1n],
              escrows: [],
              reserveBps: 0,
            },
          }),
        );
      }
      const page = await registry.getModels(2, 2);
      expect(page.map((m) => m.id)).to.deep.equal([2n, 3n]);
      expect((await registry.getModels(4, 10)).map((m) => m.id)).to.deep.equal([4n, 5n]);
      expect(await registry.getModels(6, 10)).to.have.length(0);
      expect((await registry.getModels(0, 1)).map((m) => m.id)).to.deep.equal([1n]);
      await expect(registry.getModel(0))
        .to.be.revertedWithCustomError(registry, 'ModelRegistryUnknownModel')
        .withArgs(0);
      expect(await registry.tokenImplementation()).to.be.properAddress;
    });
  });
});

const anyValue = () => true;
