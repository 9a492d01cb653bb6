import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Where each chain's deployment is recorded: `deployments/<chainId>.json` (`IMO_DEPLOYMENTS_DIR` moves it, e.g. for tests). */
export const DEPLOYMENTS_DIR = process.env.IMO_DEPLOYMENTS_DIR ?? path.join(__dirname, '..', '..', 'deployments');

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'an address');

export const deploymentSchema = z.object({
  chainId: z.number().int().positive(),
  rpcUrl: z.string(),
  deployedAt: z.string(),
  blockNumber: z.number().int().nonnegative(),
  contracts: z.object({
    ModelToken: address,
    ModelRegistry: address,
    IMOSale: address,
    DeveloperVesting: address,
    LaunchFactory: address,
    AIOracle: address,
    OpmlDisputeGame: address.optional(),
    InvalidOpProver: address.optional(),
    PromptConsumer: address.optional(),
  }),
  models: z
    .array(
      z.object({
        id: z.number().int().positive(),
        name: z.string(),
        modelHash: z.string(),
        token: address,
        sale: address.optional(),
        saleState: z.string().optional(),
      }),
    )
    .default([]),
});

export type Deployment = z.infer<typeof deploymentSchema>;

export function deploymentPath(chainId: number): string {
  return path.join(DEPLOYMENTS_DIR, `${chainId}.json`);
}

export function writeDeployment(deployment: Deployment): string {
  fs.mkdirSync(DEPLOYMENTS_DIR, { recursive: true });
  const file = deploymentPath(deployment.chainId);
  fs.writeFileSync(file, `${JSON.stringify(deployment, null, 2)}\n`);
  return file;
}

/** Reads and validates a chain's deployment; throws a specific error when missing or malformed. */
export function readDeployment(chainId: number): Deployment {
  const file = deploymentPath(chainId);
  if (!fs.existsSync(file))
    throw new Error(`no deployment for chain ${chainId}: ${file} does not exist (run npm start)`);
  const parsed = deploymentSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`malformed deployment ${file}: ${parsed.error.message}`);
  return parsed.data;
}
