import path from 'node:path';
import type { HardhatRuntimeEnvironment } from 'hardhat/types';
import { MODELS_DIR, readModelPackage } from '../../oracle/src/node/readModelPackage';
import type { ModelRegistry } from '../../typechain-types';

export interface SeededModel {
  id: number;
  name: string;
  modelHash: string;
  token: string;
}

/**
 * Seeds the demo: the digits model registered from its real package by its developer (dev account
 * 1), its token held by the developer and three investors (accounts 2–4), revenue deposited twice
 * around a transfer, and one investor's claim.
 */
export async function seedDemo(hre: HardhatRuntimeEnvironment, registry: ModelRegistry): Promise<SeededModel[]> {
  const { ethers } = hre;
  const [payer, developer, alice, bob, carol] = await ethers.getSigners();
  if (!payer || !developer || !alice || !bob || !carol) throw new Error('the demo needs 5 dev accounts');
  const pkg = readModelPackage(path.join(MODELS_DIR, 'digits'));
  const uri = 'oracle/models/digits/manifest.json';
  if (pkg.manifest.developer.toLowerCase() !== developer.address.toLowerCase()) {
    throw new Error(`the digits package is bound to ${pkg.manifest.developer}, not dev account 1 ${developer.address}`);
  }
  const c = pkg.manifest.commitment;
  const io = pkg.manifest.io;
  const dtype = (d: 'int8' | 'int32') => (d === 'int8' ? 0 : 1);
  const E = ethers.parseEther;
  await (
    await registry.connect(developer).register({
      commitment: {
        graphRoot: c.graphRoot,
        paramsRoot: c.paramsRoot,
        io: {
          inputRows: io.input.rows,
          inputCols: io.input.cols,
          inputDtype: dtype(io.input.dtype),
          outputRows: io.output.rows,
          outputCols: io.output.cols,
          outputDtype: dtype(io.output.dtype),
        },
        opCount: c.opCount,
        stateDepth: c.stateDepth,
      },
      packageURI: uri,
      license: ethers.encodeBytes32String(pkg.manifest.license),
      fee: E('0.001'),
      split: { holdersBps: 6000, developerBps: 2000, operatorBps: 1500, protocolBps: 500 },
      token: {
        name: 'Digits Model Token',
        symbol: 'DIGIT',
        recipients: [developer.address, alice.address, bob.address, carol.address],
        amounts: [E('400000'), E('300000'), E('200000'), E('100000')],
        excluded: [],
        reserveBps: 1000,
      },
    })
  ).wait();
  const id = Number(await registry.modelIdOf(c.modelHash));
  const model = await registry.getModel(id);
  if (model.modelHash !== c.modelHash)
    throw new Error(`registered modelHash ${model.modelHash} differs from the package's ${c.modelHash}`);
  const token = await ethers.getContractAt('ModelToken', model.token);
  await (await token.connect(payer).depositRevenue({ value: E('0.3') })).wait();
  await (await token.connect(alice).transfer(carol.address, E('50000'))).wait();
  await (await token.connect(payer).depositRevenue({ value: E('0.2') })).wait();
  await (await token.connect(bob).claim()).wait();
  return [{ id, name: pkg.manifest.name, modelHash: model.modelHash, token: model.token }];
}
