import { useQuery } from '@tanstack/react-query';
import type { Address } from 'viem';
import { useProtocol } from '../app/ProtocolContext';
import { logsFrom } from './chain/logsFrom';
import { readSale, readSalePosition, readSaleSettlement } from './chain/readSale';

/** A sale's live state, the account's position in it, and the developer's settlement. */
export function useSale(address: Address | undefined, modelId: number, account: Address | undefined) {
  const { client, deployment } = useProtocol();
  const fromBlock = logsFrom(deployment);
  const sale = useQuery({
    queryKey: ['sale', deployment.chainId, address],
    enabled: address !== undefined,
    refetchInterval: 4_000,
    queryFn: () => readSale(client, address!, modelId),
  });
  const position = useQuery({
    queryKey: ['sale-position', deployment.chainId, address, account],
    enabled: address !== undefined && account !== undefined,
    refetchInterval: 4_000,
    queryFn: () => readSalePosition(client, address!, account!),
  });
  const settlement = useQuery({
    queryKey: ['sale-settlement', deployment.chainId, address],
    enabled: address !== undefined,
    refetchInterval: 8_000,
    queryFn: () => readSaleSettlement(client, address!, fromBlock),
  });
  return { sale, position, settlement };
}
