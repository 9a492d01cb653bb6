import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { deployProtocol } from '../../../../scripts/deploy/deployProtocol';
import type { Deployment } from '../../../../scripts/deploy/deployments';
import { readParamSet } from '../../../../scripts/deploy/paramSets';
import { verifyDeployedBytecode } from '../../../../scripts/deploy/verifyBytecode';
import { formatEth } from '../../format/formatAmount';
import { formatDuration } from '../../format/formatTime';
import { badArgument, CliError } from '../CliError';
import { connectProvider, deploymentsDir, rpcUrlOf, signerOf, type GlobalOptions } from '../context/connect';
import { describeChainError } from '../context/describeChainError';
import { Output } from '../context/output';
import { parseAddress } from '../context/parseArguments';

/** `imo deploy`: the whole protocol on any EVM chain. */
export function registerDeployCommand(program: Command): void {
  program
    .command('deploy')
    .description(
      'deploy the whole protocol with a parameter set, verify the deployed bytecode against the artifacts, and write deployments/<chainId>.json',
    )
    .requiredOption(
      '--params <set>',
      'local, mainnet (the documented sets: docs/contracts.md) or a JSON file with the same sections (docs/cli.md#deploy)',
    )
    .option(
      '--owner <address>',
      'the final owner of the registry, factory and oracle (two-step: it must accept); default the deployer',
      parseAddress,
    )
    .option('--treasury <address>', "who receives the protocol's fees (default: the owner)", parseAddress)
    .option('--examples', 'also deploy the example consumer (PromptConsumer), as the local demo does')
    .option('--out <dir>', 'the deployments folder to write (default: deployments/, or IMO_DEPLOYMENTS_DIR)')
    .option('--force', 'replace an existing deployments/<chainId>.json')
    .action(
      async (
        opts: { params: string; owner?: string; treasury?: string; examples?: boolean; out?: string; force?: boolean },
        cmd: Command,
      ) => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const out = new Output(g.json === true);
        let params;
        try {
          params = readParamSet(opts.params);
        } catch (error) {
          throw badArgument(error instanceof Error ? error.message : String(error));
        }
        const { provider, chainId } = await connectProvider(g);
        try {
          const signer = await signerOf(g, provider, chainId);
          const dir = opts.out ?? deploymentsDir();
          const file = path.join(dir, `${chainId}.json`);
          if (fs.existsSync(file) && !opts.force) {
            throw badArgument(
              `${file} exists (a deployment on chain ${chainId}); pass --force to replace it, or --out <dir>`,
            );
          }
          const deployer = await signer.getAddress();
          const balance = await provider.getBalance(deployer);
          out.note(
            `deploying to chain ${chainId} from ${deployer} (${formatEth(balance)}) with the ${opts.params} parameters: challenge window ${formatDuration(params.oracle.challengeWindow)}, challenge bond ${formatEth(params.dispute.challengeBond)}`,
          );
          let deployed;
          try {
            deployed = await deployProtocol(signer, params, {
              owner: opts.owner,
              treasury: opts.treasury,
              examples: opts.examples,
              onStep: ({ done, total, what }) => out.progress(`deployed ${what}`, done, total),
            });
          } catch (error) {
            throw new CliError('FAILED', `deploy: ${describeChainError(error)}`, { cause: error });
          }
          const checks = await verifyDeployedBytecode(provider, { ...deployed.addresses });
          const bad = checks.filter((c) => !c.ok);
          if (bad.length > 0) {
            throw new CliError(
              'FAILED',
              `the deployed bytecode differs from the artifacts: ${bad.map((c) => `${c.name} (${c.reason})`).join('; ')}`,
            );
          }
          const deployment: Deployment = {
            chainId: Number(chainId),
            rpcUrl: rpcUrlOf(g),
            deployedAt: new Date().toISOString(),
            blockNumber: deployed.blockNumber,
            contracts: deployed.addresses,
            models: [],
          };
          fs.mkdirSync(dir, { recursive: true });
          fs.writeFileSync(file, `${JSON.stringify(deployment, null, 2)}\n`);
          out.result(
            {
              file,
              ...deployment,
              bytecodeVerified: checks.map((c) => c.name),
              pendingOwnership: deployed.pendingOwnership,
            },
            () => [
              ...Object.entries(deployed.addresses).map(([name, address]) => `${name.padEnd(17)} ${address}`),
              `bytecode of ${checks.length} contracts verified against the artifacts (immutables aside)`,
              ...deployed.pendingOwnership.map(
                (p) => `${p.contract}: ${p.pendingOwner} must call acceptOwnership() on ${p.address}`,
              ),
              `wrote ${file}`,
            ],
          );
        } finally {
          provider.destroy();
        }
      },
    );
}
