/**
 * Calling a model from TypeScript, end to end: request a digit classification on `npm start`'s chain,
 * follow it to final and decode the output. Run it beside `npm start`:
 *
 *   npx tsx scripts/examples/requestDigit.ts
 *
 * Environment: IMO_RPC_URL (default http://127.0.0.1:8545), IMO_KEY (default: dev account 9, which
 * the demo leaves alone; Hardhat's public test key, never use it on a real chain).
 */
import fs from 'node:fs';
import path from 'node:path';
import { JsonRpcProvider, Wallet } from 'ethers';
import { OracleClient } from '../../oracle/src/client/oracleClient';
import { decodeOutput } from '../../oracle/src/client/decodeOutput';

const RPC_URL = process.env.IMO_RPC_URL ?? 'http://127.0.0.1:8545';
const KEY = process.env.IMO_KEY ?? '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6';

async function main(): Promise<void> {
  const provider = new JsonRpcProvider(RPC_URL);
  const signer = new Wallet(KEY, provider);
  const { chainId } = await provider.getNetwork();
  // written by npm start (or by npm run imo -- deploy on any chain)
  const deploymentsDir = process.env.IMO_DEPLOYMENTS_DIR ?? path.join(__dirname, '..', '..', 'deployments');
  const deployment = JSON.parse(fs.readFileSync(path.join(deploymentsDir, `${chainId}.json`), 'utf8')) as {
    contracts: { AIOracle: string };
    models: { id: number; name: string }[];
  };
  const digits = deployment.models.find((m) => m.name === 'digits')!;

  // The model's input: 8×8 block counts of a drawing (from pen strokes: digitFeatures in
  // oracle/src/preprocessing/digitFeatures.ts). A diagonal stroke here.
  const drawing = Uint8Array.from({ length: 64 }, (_, i) => (i % 9 === 0 ? 16 : 0));

  const client = new OracleClient(deployment.contracts.AIOracle, signer);
  const { requestId } = await client.request({ modelId: digits.id, input: drawing });
  // finalize: true finalizes once the challenge window closes, unless an operator's node did first
  const result = await client.waitForFinality(requestId, { onProgress: (p) => console.log(p.stage), finalize: true });
  console.log(`request ${requestId}: digit ${decodeOutput(result.output, 'int32')[0]}`);
  provider.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
