import hre from 'hardhat';
import { deployContracts } from './deployContracts';
import { writeDeployment } from './deployments';
import { PROTOCOL_PARAMS } from './protocolParams';
import { seedDemo } from './seedDemo';

/** Hardhat's well-known development accounts (mnemonic "test test … junk"): never use them elsewhere. */
const DEV_ACCOUNT_COUNT = 10;

/** Deploys the contracts to the local node, seeds the demo, writes the deployment and returns what to print. */
export async function setUpLocalChain(rpcUrl: string): Promise<string> {
  const { chainId } = await hre.ethers.provider.getNetwork();
  const deployed = await deployContracts(hre, PROTOCOL_PARAMS.local, undefined, { examples: true });
  const models = await seedDemo(hre, deployed.factory, deployed.oracle);
  const file = writeDeployment({
    chainId: Number(chainId),
    rpcUrl,
    deployedAt: new Date().toISOString(),
    blockNumber: deployed.blockNumber,
    contracts: deployed.addresses,
    models,
  });

  const accounts = hre.config.networks.hardhat.accounts;
  const mnemonic = 'mnemonic' in accounts ? accounts.mnemonic : undefined;
  const devAccounts = mnemonic
    ? Array.from({ length: DEV_ACCOUNT_COUNT }, (_, i) =>
        hre.ethers.HDNodeWallet.fromPhrase(mnemonic, undefined, `m/44'/60'/0'/0/${i}`),
      ).map((w, i) => `[${i}] ${w.address}  key ${w.privateKey}`)
    : (await hre.ethers.getSigners()).slice(0, DEV_ACCOUNT_COUNT).map((s, i) => `[${i}] ${s.address}`);
  const lines = [
    '',
    '== IMO local stack',
    `RPC               ${rpcUrl}   (chain id ${chainId}, interval mining)`,
    ...Object.entries(deployed.addresses).map(([name, address]) => `${name.padEnd(17)} ${address}`),
    `deployments       ${file}`,
    '',
    '== demo models',
    ...(models.length === 0
      ? ['(none)']
      : models.flatMap((m) => [
          `#${m.id} ${m.name.padEnd(12)} modelHash ${m.modelHash}`,
          `   token ${m.token}   sale ${m.sale} (${m.saleState})`,
        ])),
    '',
    `== oracle        AIOracle ${deployed.addresses.AIOracle}; demo operator: dev account 6 (10 ETH staked, opted in to every demo model)`,
    '',
    `== dev accounts (Hardhat's public test mnemonic${mnemonic ? `: "${mnemonic}"` : ''}; never use on a real chain)`,
    ...devAccounts,
  ];
  return lines.join('\n');
}
