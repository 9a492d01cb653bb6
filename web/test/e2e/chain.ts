/**
 * What the end-to-end flows do on the chain directly, as other actors: move chain time, pay oracle
 * requests as a dApp would, and answer and finalize them as the demo operator (the oracle node's
 * job, done here while the node is not part of this suite).
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  parseEventLogs,
  toHex,
  type Hex,
  type PublicClient,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { hardhat } from 'viem/chains';
import { computeModelHash, loadPackage, runModel, toHex as runtimeHex } from '../../../oracle/src/runtime';
import type { Deployment } from '../../src/config/appConfig';
import { aiOracleAbi } from '../../src/contracts/generated';
import { DEV_MNEMONIC } from '../../src/wallet/devAccounts';

export function devAddress(index: number) {
  return mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index }).address;
}

export function clients(rpcUrl: string) {
  const transport = http(rpcUrl);
  const publicClient = createPublicClient({ chain: hardhat, transport }) as PublicClient;
  const testClient = createTestClient({ chain: hardhat, mode: 'hardhat', transport });
  const wallet = (index: number) =>
    createWalletClient({
      chain: hardhat,
      transport,
      account: mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index }),
    });
  /** Moves chain time forward and mines a block at the new time. */
  const advance = async (seconds: number) => {
    await testClient.increaseTime({ seconds });
    await testClient.mine({ blocks: 1 });
  };
  return { publicClient, testClient, wallet, advance };
}

/**
 * Writes a copy of a bundled package packed for another developer: the same weights and graph, the
 * manifest's developer and modelHash changed (what `model pack` does for a new address).
 */
export function packFor(sourceDir: string, developer: Hex, outDir: string): { manifest: string; params: string } {
  const manifestText = fs.readFileSync(path.join(sourceDir, 'manifest.json'), 'utf8');
  const params = fs.readFileSync(path.join(sourceDir, 'params.bin'));
  const pkg = loadPackage(manifestText, new Uint8Array(params));
  const manifest = JSON.parse(manifestText) as { developer: string; commitment: { modelHash: string } };
  manifest.developer = developer;
  manifest.commitment.modelHash = runtimeHex(
    computeModelHash({
      developer,
      graphRoot: pkg.graphTree.root,
      paramsRoot: pkg.paramsRoot,
      input: pkg.manifest.io.input,
      output: pkg.manifest.io.output,
      opCount: pkg.graph.length,
    }),
  );
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(outDir, 'params.bin'), params);
  return { manifest: path.join(outDir, 'manifest.json'), params: path.join(outDir, 'params.bin') };
}

/**
 * Pays `inputs.length` requests for `modelId` from dev account `requester` (no callback), then answers
 * each as dev account `operator` with the runtime's real output and state root, waits out the
 * challenge window and finalizes them: the fees reach holders, developer and operator.
 */
export async function payAndAnswerRequests(
  rpcUrl: string,
  deployment: Deployment,
  modelId: bigint,
  packageDir: string,
  inputs: Uint8Array[],
  requester: number,
  operator: number,
): Promise<void> {
  const { publicClient, wallet, advance } = clients(rpcUrl);
  const oracle = { address: deployment.contracts.AIOracle, abi: aiOracleAbi } as const;
  const pkg = loadPackage(
    fs.readFileSync(path.join(packageDir, 'manifest.json'), 'utf8'),
    new Uint8Array(fs.readFileSync(path.join(packageDir, 'params.bin'))),
  );
  const operatorWallet = wallet(operator);
  const members = await publicClient.readContract({ ...oracle, functionName: 'membersOf', args: [modelId] });
  const optedIn = members.some((m) => m.operator === operatorWallet.account.address && m.leftAt === 0);
  if (!optedIn) {
    const hash = await operatorWallet.writeContract({ ...oracle, functionName: 'optIn', args: [modelId] });
    await publicClient.waitForTransactionReceipt({ hash });
  }
  const payer = wallet(requester);
  const fee = await publicClient.readContract({ ...oracle, functionName: 'estimateFee', args: [modelId, 0n] });
  const requests = [];
  for (const input of inputs) {
    const hash = await payer.writeContract({
      ...oracle,
      functionName: 'requestCallback',
      args: [modelId, toHex(input), '0x0000000000000000000000000000000000000000', 0n, '0x'],
      value: fee * 2n,
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    const [event] = parseEventLogs({ abi: aiOracleAbi, eventName: 'Requested', logs: receipt.logs });
    requests.push({ event: event!, input });
  }
  await advance(1); // the draw uses the hash of the block after the request
  const postings = [];
  for (const { event, input } of requests) {
    const trace = await runModel(pkg, input);
    const output = runtimeHex(trace.output) as Hex;
    const stateRoot = runtimeHex(trace.finalStateRoot) as Hex;
    const hash = await operatorWallet.writeContract({
      ...oracle,
      functionName: 'submit',
      args: [event.args.requestId, event.args.params, event.args.attempt, output, stateRoot],
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    const [posted] = parseEventLogs({ abi: aiOracleAbi, eventName: 'ResultSubmitted', logs: receipt.logs });
    postings.push({ event, posted: posted!, output, stateRoot });
  }
  const config = await publicClient.readContract({ ...oracle, functionName: 'config' });
  await advance(Number(config.challengeWindow) + 1);
  for (const { event, posted, output, stateRoot } of postings) {
    const hash = await operatorWallet.writeContract({
      ...oracle,
      functionName: 'finalize',
      args: [
        event.args.requestId,
        event.args.params,
        {
          operator: posted.args.operator,
          attempt: posted.args.attempt,
          challengeDeadline: Number(posted.args.challengeDeadline),
        },
        output,
        stateRoot,
        event.args.callbackData,
      ],
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`finalize of request ${event.args.requestId} reverted`);
  }
}
