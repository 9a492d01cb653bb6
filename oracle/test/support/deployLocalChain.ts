/**
 * Run by the end-to-end tests through `hardhat run --network localhost` against their own Hardhat
 * node: deploys the protocol, seeds the `npm start` demo (three bundled models, the demo operator)
 * and writes the deployment to `IMO_DEPLOYMENT_OUT` (never to deployments/, which `npm start` owns).
 */
import fs from 'node:fs';
import hre from 'hardhat';
import { deployContracts } from '../../../scripts/deploy/deployContracts';
import { deploymentSchema } from '../../../scripts/deploy/deployments';
import { PROTOCOL_PARAMS } from '../../../scripts/deploy/protocolParams';
import { seedDemo } from '../../../scripts/deploy/seedDemo';

async function main(): Promise<void> {
  const out = process.env.IMO_DEPLOYMENT_OUT;
  if (!out) throw new Error('set IMO_DEPLOYMENT_OUT');
  const { chainId } = await hre.ethers.provider.getNetwork();
  const deployed = await deployContracts(hre, PROTOCOL_PARAMS.local);
  const models = await seedDemo(hre, deployed.factory, deployed.oracle);
  const deployment = deploymentSchema.parse({
    chainId: Number(chainId),
    rpcUrl: process.env.IMO_RPC_URL ?? '',
    deployedAt: new Date().toISOString(),
    blockNumber: deployed.blockNumber,
    contracts: deployed.addresses,
    models,
  });
  fs.writeFileSync(out, `${JSON.stringify(deployment, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
