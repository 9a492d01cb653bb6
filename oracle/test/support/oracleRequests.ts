import { AbiCoder, keccak256, type JsonRpcProvider, type Signer } from 'ethers';
import { AIOracle__factory, type AIOracle } from '../../../typechain-types';
import { plain, type Attempt, type RequestParams } from '../../src/client/oracleClient';

/** A request as its `Requested` event gives it. */
export interface MadeRequest {
  requestId: number;
  params: RequestParams;
  attempt: Attempt;
  block: number;
}

/** Sends a plain request (no callback) for `modelId` from `signer`, paying the model fee. */
export async function makeRequest(
  signer: Signer,
  oracleAddress: string,
  modelId: number,
  input: Uint8Array,
): Promise<MadeRequest> {
  const oracle = AIOracle__factory.connect(oracleAddress, signer);
  const fee = await oracle.estimateFee(modelId, 0);
  const receipt = (await (
    await oracle.requestCallback(modelId, input, '0x0000000000000000000000000000000000000000', 0, '0x', { value: fee })
  ).wait())!;
  const event = receipt.logs.map((l) => oracle.interface.parseLog(l)).find((p) => p?.name === 'Requested')!;
  return {
    requestId: Number(event.args.requestId),
    params: plain<RequestParams>(event.args.params),
    attempt: plain<Attempt>(event.args.attempt),
    block: receipt.blockNumber,
  };
}

/**
 * The operator the oracle draws as primary for a request's first attempt, computed here the way
 * `AIOracle._draw` specifies it (stake-weighted over the model's members as of the attempt's
 * opening, from the hash of the block after the request); undefined until that block exists.
 */
export async function drawnPrimary(
  provider: JsonRpcProvider,
  oracle: AIOracle,
  r: MadeRequest,
): Promise<string | undefined> {
  const seedBlock = await provider.getBlock(Number(r.attempt.drawBlock) + 1);
  if (!seedBlock?.hash) return undefined;
  // As the oracle draws: the members that counted when the attempt opened, at their weights then.
  const openedAt = BigInt(r.attempt.deadline) - BigInt(r.params.timeout);
  const members = await oracle.membersOf(r.params.modelId);
  const operators = members.map((m) => m.operator);
  const weights = await Promise.all(
    members.map((m) =>
      m.joinedAt < openedAt && (m.leftAt === 0n || openedAt <= m.leftAt)
        ? oracle.drawWeightAt(m.operator, openedAt)
        : Promise.resolve(0n),
    ),
  );
  const total = weights.reduce((a, b) => a + b, 0n);
  let pick =
    BigInt(
      keccak256(
        AbiCoder.defaultAbiCoder().encode(
          ['bytes32', 'uint256', 'uint8'],
          [seedBlock.hash, r.requestId, r.attempt.index],
        ),
      ),
    ) % total;
  for (const [i, w] of weights.entries()) {
    if (pick < w) return operators[i];
    pick -= w;
  }
  return undefined;
}

/** When the request's exclusive window ends (chain time). */
export function exclusiveUntil(r: MadeRequest): number {
  return Number(r.attempt.deadline) - Number(r.params.timeout) + Number(r.params.responseWindow);
}
