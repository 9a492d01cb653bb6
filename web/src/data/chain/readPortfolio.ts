import { isAddressEqual, type Address, type PublicClient } from 'viem';
import type { Deployment } from '../../config/appConfig';
import { aiOracleAbi, developerVestingAbi, modelTokenAbi } from '../../contracts/generated';
import type { ModelInfo } from '../types';
import { readSalePosition, type SalePosition } from './readSale';

/** A model token an account holds (or has revenue to claim from). */
export interface Holding {
  model: ModelInfo;
  balance: bigint;
  claimable: bigint;
  /** What burning the whole balance pays from the reserve now. */
  redeemableAll: bigint;
}

/** A sale the account committed to and has not settled yet. */
export interface OpenSalePosition {
  model: ModelInfo;
  position: SalePosition;
}

/** A developer's vesting wallet for one model. */
export interface VestingPosition {
  address: Address;
  released: bigint;
  releasable: bigint;
  /** Tokens still held by the wallet (vested or not). */
  held: bigint;
  start: number;
  cliff: number;
  duration: number;
  /** Revenue the held tokens earned, forwardable to the developer. */
  claimableRevenue: bigint;
}

/** A model the account developed: its vesting and its accrued inference fees. */
export interface DeveloperPosition {
  model: ModelInfo;
  vesting?: VestingPosition;
  /** The developer's share of fees accrued on the oracle, not yet swept to its credit. */
  feesOwed: bigint;
}

export interface Portfolio {
  holdings: Holding[];
  openSales: OpenSalePosition[];
  developer: DeveloperPosition[];
  /** Oracle credits withdrawable now (swept fees, refunds). */
  oracleCredit: bigint;
}

async function readVesting(client: PublicClient, address: Address, token: Address): Promise<VestingPosition> {
  const vesting = { address, abi: developerVestingAbi } as const;
  const [released, releasable, start, cliff, duration, held, claimableRevenue] = await Promise.all([
    client.readContract({ ...vesting, functionName: 'released' }),
    client.readContract({ ...vesting, functionName: 'releasable' }),
    client.readContract({ ...vesting, functionName: 'start' }),
    client.readContract({ ...vesting, functionName: 'cliff' }),
    client.readContract({ ...vesting, functionName: 'duration' }),
    client.readContract({ address: token, abi: modelTokenAbi, functionName: 'balanceOf', args: [address] }),
    client.readContract({ address: token, abi: modelTokenAbi, functionName: 'claimable', args: [address] }),
  ]);
  return {
    address,
    released,
    releasable,
    held,
    start: Number(start),
    cliff: Number(cliff),
    duration: Number(duration),
    claimableRevenue,
  };
}

/**
 * Everything an account has in the protocol: model tokens held with claimable revenue and the reserve
 * they redeem, sale commitments not yet settled, and for developers the vesting wallets and fees.
 *
 * @example
 * const { holdings } = await readPortfolio(client, deployment, models, account);
 */
export async function readPortfolio(
  client: PublicClient,
  deployment: Deployment,
  models: readonly ModelInfo[],
  account: Address,
): Promise<Portfolio> {
  const oracle = { address: deployment.contracts.AIOracle, abi: aiOracleAbi } as const;
  const [holdings, openSales, developer, oracleCredit] = await Promise.all([
    Promise.all(
      models.map(async (model) => {
        const token = { address: model.token.address, abi: modelTokenAbi } as const;
        const [balance, claimable] = await Promise.all([
          client.readContract({ ...token, functionName: 'balanceOf', args: [account] }),
          client.readContract({ ...token, functionName: 'claimable', args: [account] }),
        ]);
        const redeemableAll =
          balance > 0n && model.token.reserveBps > 0
            ? await client.readContract({ ...token, functionName: 'redeemableOnBurn', args: [balance] })
            : 0n;
        return { model, balance, claimable, redeemableAll };
      }),
    ),
    Promise.all(
      models
        .filter((m) => m.sale)
        .map(async (model) => ({ model, position: await readSalePosition(client, model.sale!.address, account) })),
    ),
    Promise.all(
      models
        .filter((m) => isAddressEqual(m.developer, account))
        .map(async (model) => {
          const [ledger, vesting] = await Promise.all([
            client.readContract({ ...oracle, functionName: 'modelLedgerOf', args: [BigInt(model.id)] }),
            model.vesting ? readVesting(client, model.vesting, model.token.address) : Promise.resolve(undefined),
          ]);
          return { model, vesting, feesOwed: BigInt(ledger.developerOwed) };
        }),
    ),
    client.readContract({ ...oracle, functionName: 'creditOf', args: [account] }),
  ]);
  return {
    holdings: holdings.filter((h) => h.balance > 0n || h.claimable > 0n),
    openSales: openSales.filter((s) => s.position.committed > 0n && !s.position.claimed),
    developer,
    oracleCredit,
  };
}
