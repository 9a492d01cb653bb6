import type { Address, PublicClient } from 'viem';
import { imoSaleAbi } from '../../contracts/generated';
import type { SaleInfo, SaleState, SaleTerms } from '../types';

const SALE_STATES: SaleState[] = ['pending', 'active', 'succeeded', 'failed'];

/**
 * A sale's terms, state and total from the chain.
 *
 * @example
 * const sale = await readSale(client, saleAddress, 1);
 */
export async function readSale(client: PublicClient, address: Address, modelId: number): Promise<SaleInfo> {
  const contract = { address, abi: imoSaleAbi } as const;
  const [terms, state, totalCommitted] = await Promise.all([
    client.readContract({ ...contract, functionName: 'terms' }),
    client.readContract({ ...contract, functionName: 'state' }),
    client.readContract({ ...contract, functionName: 'totalCommitted' }),
  ]);
  const t: SaleTerms = {
    ...terms,
    start: Number(terms.start),
    end: Number(terms.end),
    protocolFeeBps: Number(terms.protocolFeeBps),
    liquidityShareBps: Number(terms.liquidityShareBps),
  };
  return { address, modelId, terms: t, state: SALE_STATES[state] ?? 'pending', totalCommitted };
}

/** One buyer's position in a sale. */
export interface SalePosition {
  committed: bigint;
  /** What the buyer gets if the sale succeeds with the totals as they stand (pro rata above the hard cap). */
  allotment: { tokens: bigint; refund: bigint };
  claimableTokens: bigint;
  refundable: bigint;
  claimed: boolean;
}

/**
 * A buyer's commitment, expected allotment, and what it can claim or get back now.
 *
 * @example
 * const { committed, allotment } = await readSalePosition(client, sale, account);
 */
export async function readSalePosition(client: PublicClient, address: Address, buyer: Address): Promise<SalePosition> {
  const contract = { address, abi: imoSaleAbi } as const;
  const [committed, allotment, claimableTokens, refundable, claimed] = await Promise.all([
    client.readContract({ ...contract, functionName: 'commitmentOf', args: [buyer] }),
    client.readContract({ ...contract, functionName: 'allotmentOf', args: [buyer] }),
    client.readContract({ ...contract, functionName: 'claimableTokens', args: [buyer] }),
    client.readContract({ ...contract, functionName: 'refundableOf', args: [buyer] }),
    client.readContract({ ...contract, functionName: 'hasClaimed', args: [buyer] }),
  ]);
  return { committed, allotment: { tokens: allotment[0], refund: allotment[1] }, claimableTokens, refundable, claimed };
}

/** The developer's side of a sale: proceeds, whether they and the fee/liquidity shares were paid. */
export interface SaleSettlement {
  proceeds: bigint;
  proceedsWithdrawn: boolean;
  /** Whether the protocol fee was paid to the treasury. */
  feeReleased: boolean;
  /** Whether the liquidity share was paid to its recipient (released separately from the fee). */
  liquidityReleased: boolean;
}

/**
 * Whether the proceeds, the fee and the liquidity share were paid out (from the sale's events: the
 * contract has no view for it).
 *
 * @example
 * const { proceedsWithdrawn } = await readSaleSettlement(client, sale, fromBlock);
 */
export async function readSaleSettlement(
  client: PublicClient,
  address: Address,
  fromBlock: bigint,
): Promise<SaleSettlement> {
  const contract = { address, abi: imoSaleAbi, fromBlock } as const;
  const [proceeds, withdrawn, fee, liquidity] = await Promise.all([
    client.readContract({ address, abi: imoSaleAbi, functionName: 'proceeds' }),
    client.getContractEvents({ ...contract, eventName: 'ProceedsWithdrawn' }),
    client.getContractEvents({ ...contract, eventName: 'FeeReleased' }),
    client.getContractEvents({ ...contract, eventName: 'LiquidityShareReleased' }),
  ]);
  return {
    proceeds,
    proceedsWithdrawn: withdrawn.length > 0,
    feeReleased: fee.length > 0,
    liquidityReleased: liquidity.length > 0,
  };
}
